using System.IO.Hashing;
using System.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Exchange;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Exact dedup in two stages. <c>exact-keys</c>: each document's key — the hex XxHash128 of its text after
/// <see cref="DedupText.Normalize"/>, or the value of <see cref="DedupOptions.ExactKeyColumn"/> — goes through the
/// exchange with the document's origin. <c>exact-find</c>: each partition, sorted by key, keeps the first document of a
/// key in input order and lists every other one as removed in its favour. Documents whose normalised text is empty
/// (or whose key column is missing or null) have no key and are never exact duplicates: empty documents are a quality
/// filter's business.
/// </summary>
internal static class ExactDedupStages
{
    public static Workflow Add(Workflow workflow, DedupOptions options, DedupPaths paths)
    {
        var detail = options.ExactKeyColumn is { } column ? $"same {column}" : "same normalised text";
        var rule = options.ExactKeyColumn is null ? "exact" : "exact-key";
        return workflow
            .Stage("exact-keys", () => Pipeline.Create("exact-keys").ReadJsonl<Row>(options.Input)
                .MapWithOrigin((row, origin) => KeyOf(row, origin, options), "exact-key")
                .FlatMap(key => key is null ? [] : new[] { key }, "has-key")
                .WritePartitioned(paths.ExactKeys, k => k.Key, options.Partitions).Build())
            .Stage("exact-find", () => Pipeline.Create("exact-find")
                .ReadGroups<ContentKey, string>(paths.ExactKeys, k => k.Key, StringComparer.Ordinal, options.SortBufferBytes)
                .FlatMap(m => m.Index == 0 ? [] : new[]
                {
                    new Removal(m.Record.Unit, m.Record.Position, m.Record.Id, m.First.Unit, m.First.Position, m.First.Id, rule, 1.0, detail),
                }, "keep-first")
                .WriteJsonl(paths.ExactRemovals, Compression.Zstd).Build());
    }

    private static ContentKey? KeyOf(Row row, RecordOrigin origin, DedupOptions options)
    {
        var id = DedupRows.KeyOf(row, options.IdColumn);
        if (options.ExactKeyColumn is { } column)
            return DedupRows.KeyOf(row, column) is { } value ? new ContentKey(value, origin.Unit, origin.Position, id) : null;
        var text = DedupText.Normalize(DedupRows.StringOf(row, options.TextColumn) ?? "");
        if (text.Length == 0) return null;
        var hash = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(text));
        return new ContentKey(hash.ToString("x32"), origin.Unit, origin.Position, id);
    }
}
