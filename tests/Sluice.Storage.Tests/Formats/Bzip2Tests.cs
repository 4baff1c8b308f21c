using System.Diagnostics;
using System.Text;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Tests.Formats;

/// <summary>bzip2 input (CRAG ships .jsonl.bz2) made by the real <c>bzip2</c> command, whole and damaged.</summary>
public sealed class Bzip2Tests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Join('\n',
        Enumerable.Range(0, 3_000).Select(i => $$"""{"id":"q{{i}}","query":"what is the capital of country number {{i}}?","answer":"city {{i * 7}}"}""")) + "\n");

    private static byte[] Bzip2Command(byte[] input, params string[] args) => CommandPipe.Run("bzip2", input, args);

    private static byte[] Read(byte[] compressed)
    {
        using var stream = CompressionCodec.OpenRead(new MemoryStream(compressed), Compression.Bzip2);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-9")]
    public void Read_Bzip2CommandOutput_IsTheInput(string level) => Assert.Equal(Text, Read(Bzip2Command(Text, "-c", level)));

    [Fact]
    public void Read_ConcatenatedStreams_ReadWhole()
    {
        var a = Bzip2Command(Text[..5000], "-c");
        var b = Bzip2Command(Text[5000..], "-c");
        Assert.Equal(Text, Read([.. a, .. b]));
    }

    [Fact]
    public void Detect_ByContent_NotByName()
    {
        Assert.Equal(DataFormat.Bzip2, FormatDetector.Detect(Bzip2Command(Text, "-c").AsSpan(0, FormatDetector.HeadBytes), [], "data.jsonl"));
        Assert.Equal(DataFormat.Bzip2, FormatDetector.Detect(Bzip2Command([], "-c"), [], null));               // an empty stream
        Assert.Equal(DataFormat.Text, FormatDetector.Detect("BZh1 is how a line may start\n"u8, [], "notes.bz2"));
    }

    [Fact]
    public void Read_ZeroBytes_Empty() => Assert.Empty(Read([]));

    [Fact]
    public void FromKey_Bz2() => Assert.Equal(Compression.Bzip2, CompressionCodec.FromKey("crag_task_1_dev.jsonl.BZ2"));

    [Theory]
    [InlineData("cut")]
    [InlineData("flip")]
    [InlineData("garbage")]
    [InlineData("not-bzip2")]
    public void Read_Damaged_RefusedNamingTheStream(string damage)
    {
        var good = Bzip2Command(Text, "-c");
        var bad = damage switch
        {
            "cut" => good[..(good.Length * 2 / 3)],
            "flip" => Flip(good, good.Length / 2),
            "garbage" => [.. good, .. "junk after the stream"u8.ToArray()],
            _ => Text,
        };

        var e = Assert.Throws<InvalidDataException>(() => Read(bad));

        Assert.Contains(damage switch { "garbage" => "after bzip2 stream 1", "not-bzip2" => "not bzip2 data", _ => "bzip2 stream 1 is damaged" }, e.Message);
    }

    private static byte[] Flip(byte[] data, int at)
    {
        var copy = data.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }
}
