using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Corpus;

public sealed class FormatDetectorTests
{
    [Theory]
    [InlineData("parquet-testing/data/alltypes_plain.parquet", DataFormat.Parquet)]
    [InlineData("arrow-testing/integration/1.0.0-littleendian/generated_primitive.arrow_file", DataFormat.ArrowFile)]
    [InlineData("arrow-testing/integration/1.0.0-littleendian/generated_primitive.stream", DataFormat.ArrowStream)]
    [InlineData("arrow-testing/integration/1.0.0-littleendian/generated_primitive.json.gz", DataFormat.Gzip)]
    [InlineData("parquet-testing/README.md", DataFormat.Text)]
    public async Task DetectAsync_CorpusFile_FormatFromContent(string relative, DataFormat expected)
    {
        // The name given is misleading on purpose: content decides.
        await using var stream = File.OpenRead(RepoPaths.Of("tests", "data", relative));
        Assert.Equal(expected, await FormatDetector.DetectAsync(stream, "misnamed.jsonl"));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Detect_ZstdHeader_Zstd() => Assert.Equal(DataFormat.Zstd, FormatDetector.Detect([0x28, 0xB5, 0x2F, 0xFD, 0], [], null));

    [Fact]
    public void Detect_EmptyArrowName_ExtensionDecides() => Assert.Equal(DataFormat.ArrowFile, FormatDetector.Detect([], [], "x.arrow"));
}
