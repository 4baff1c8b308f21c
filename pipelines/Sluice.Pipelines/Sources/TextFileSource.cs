using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Reads plain text files (optionally .gz/.zst), one <see cref="TextDocument"/> per file. A file that is not
/// valid UTF-8 or larger than <paramref name="maxBytes"/> is a reject with the reason.
/// </summary>
public sealed class TextFileSource(string uri, int maxBytes = 64 << 20) : PlannedSource<TextDocument>(uri)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc />
    public override string Describe() => $"text {Uri}";

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<TextDocument>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        if (file.Info.Size > maxBytes)
        {
            yield return new SourceItem<TextDocument>(null, 0, $"file is {file.Info.Size} bytes, over the {maxBytes}-byte limit");
            yield break;
        }
        await using var raw = await file.OpenPlannedAsync(ct: ct);
        await using var stream = CompressionCodec.OpenRead(raw, CompressionCodec.FromKey(file.Info.Key));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        yield return Decode(file, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static SourceItem<TextDocument> Decode(InputFile file, ReadOnlySpan<byte> bytes)
    {
        try { return new SourceItem<TextDocument>(new TextDocument(file.Info.Key, file.Uri, StrictUtf8.GetString(bytes)), 0); }
        catch (DecoderFallbackException e) { return new SourceItem<TextDocument>(null, 0, $"not valid UTF-8 at byte {e.Index}"); }
    }
}
