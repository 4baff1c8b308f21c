using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// Reads WARC files (ISO 28500, WARC/1.0 and 1.1): plain <c>.warc</c>, and <c>.warc.gz</c> with one gzip member per
/// record as Common Crawl and wget write them (a member holding several records is read too). WET files are WARCs of
/// <c>conversion</c> records, read the same way. One <see cref="WarcEntry"/> per record of the chosen types; the
/// position of a record is its byte offset (plain) or its gzip member's offset (.gz). Bad input is a reject naming the
/// file and offset — a damaged or truncated gzip member, a record without a WARC/1.x version line, a Content-Length
/// that overruns the record, a record over the size limit, a .gz file that is not gzip — and the rest of the file is
/// read where it can be: past a damaged member at the next gzip signature, past a bad plain record at the next line
/// starting <c>WARC/1.</c>. A file that ends inside a member ends its unit.
/// </summary>
public sealed class WarcSource : PlannedSource<WarcEntry>
{
    private readonly WarcSourceOptions _options;
    private readonly HashSet<string> _types;

    /// <param name="uri">Object, folder, glob or dataset URI of WARC files.</param>
    /// <param name="options">Types, size limit, unit size. Default: <see cref="WarcSourceOptions"/>'s defaults.</param>
    /// <exception cref="ArgumentException">The options are not valid (<see cref="WarcSourceOptions.Validate"/>).</exception>
    public WarcSource(string uri, WarcSourceOptions? options = null) : base(uri)
    {
        _options = options ?? new WarcSourceOptions();
        _options.Validate();
        _types = new HashSet<string>(_options.Types, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string Describe() => $"warc {Uri}";

    /// <inheritdoc />
    protected override IEnumerable<WorkUnit> Split(InputFile file, int sourceIndex)
    {
        var size = file.Info.Size;
        var unit = _options.UnitBytes;
        if (CompressionCodec.FromKey(file.Info.Key) != Compression.Gzip || unit == 0 || size <= unit)
        {
            yield return new WorkUnit("", sourceIndex, file.Uri, 0, size, size, UnitKind.WholeFile, file.Info.Fingerprint);
            yield break;
        }
        for (long start = 0; start < size; start += unit)
        {
            var end = Math.Min(size, start + unit);
            yield return new WorkUnit("", sourceIndex, file.Uri, start, end, end - start, UnitKind.ByteRange, file.Info.Fingerprint);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<WarcEntry>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        // A range unit reads on past its end to finish the member that starts last in it, up to the planned size.
        await using var raw = await file.OpenPlannedAsync(unit.Start, ct: ct);
        if (CompressionCodec.FromKey(file.Info.Key) == Compression.Gzip)
        {
            var scanner = new GzipMemberScanner(raw, unit.Start, file.Uri, _options.MaxRecordBytes);
            await foreach (var member in scanner.ReadAsync(unit.End, sync: unit.Start > 0, ct))
            {
                if (member.Error is not null)
                {
                    yield return new SourceItem<WarcEntry>(null, member.Offset, member.Error, member.Fatal);
                    continue;
                }
                using var data = new MemoryStream(member.Data!, writable: false);
                await foreach (var item in RecordsAsync(new ByteWindow(data, 0, member.Data!.Length + 1), file.Uri, member.Offset, ct))
                    yield return item;
            }
            yield break;
        }
        await foreach (var item in RecordsAsync(new ByteWindow(raw, 0), file.Uri, null, ct))
            yield return item;
    }

    // The records of a plain WARC (member null: positions are record offsets) or of one inflated gzip member.
    private async IAsyncEnumerable<SourceItem<WarcEntry>> RecordsAsync(ByteWindow input, string uri, long? member, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var parse = await WarcRecordParser.ReadAsync(input, _options.MaxRecordBytes, ct);
            var position = member ?? parse.Offset;
            var where = member is null ? $"{uri} at byte {parse.Offset}" : $"{uri} in the gzip member at byte {member}";
            if (parse.Error is not null) yield return new SourceItem<WarcEntry>(null, position, $"{where}: {parse.Error}");
            else if (parse.Record is { } record && _types.Contains(record.Field("WARC-Type") ?? ""))
            {
                var entry = WarcEntryFactory.Create(record, uri, position, _options.DecodeText, out var error);
                yield return entry is null ? new SourceItem<WarcEntry>(null, position, $"{where}: {error}") : new SourceItem<WarcEntry>(entry, position);
            }
            else if (parse.Record is { } untyped && string.IsNullOrEmpty(untyped.Field("WARC-Type")))
                yield return new SourceItem<WarcEntry>(null, position, $"{where}: the record has no WARC-Type");
            if (parse.End) yield break;
        }
    }
}
