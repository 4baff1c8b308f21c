using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Sluice.Storage.Formats;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Formats.Native;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Formats.Native;

/// <summary>
/// The ISA-L gzip kernel against its managed twin: the same bytes out of real gzip files, the same failure (member
/// and compressed offset) on damaged ones, and output that the managed reader and the <c>gzip</c> command accept.
/// These tests need <c>build/native/libsluice_isal.so</c> (<c>make build</c> builds it) and fail when it is
/// missing; on a machine without libisal-dev set <c>SLUICE_NATIVE=off</c> and they check nothing.
/// </summary>
[Trait("Category", "Native")]
public sealed class IsalGzipTests
{
    private static readonly string[] Lines = HostileInputs.JsonLines(600);
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Lines));
    private static readonly byte[] Scifact = File.ReadAllBytes(RepoPaths.ScifactAbstracts);

    /// <summary>False only under the documented escape SLUICE_NATIVE=off; otherwise the kernel must be loaded.</summary>
    private static bool Native()
    {
        if (NativeKernels.Mode == NativeMode.Off) return false;
        Assert.True(NativeKernels.IsalGzipLoaded,
            $"the ISA-L gzip kernel did not load: {NativeKernels.IsalGzipLoadError}. Run `make build` (or `make native`) first, " +
            "or set SLUICE_NATIVE=off on a machine without libisal-dev to skip the native checks.");
        return true;
    }

    public static TheoryData<string> RepositoryGzipFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(RepoPaths.Of("tests", "data"), "*.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(RepositoryGzipFiles))]
    public void Read_RepositoryGzipFile_MatchesManagedByteForByte(string path)
    {
        if (!Native()) return;
        var gz = File.ReadAllBytes(RepoPaths.Of(path));

        var managed = Read(gz, Engine.Managed, chunk: 1 << 16);
        var isal = Read(gz, Engine.Isal, chunk: 1 << 16);

        Assert.Null(managed.Error);
        Assert.Null(isal.Error);
        Assert.True(managed.Data.Length > 0);
        Assert.Equal(managed.Data, isal.Data);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-9")]
    public void Read_GzipCommandOutput_MatchesInputAndManaged(string level)
    {
        if (!Native()) return;
        foreach (var input in new[] { Text, Scifact })
        {
            var gz = GzipCommand(input, level, "-n", "-c");

            var isal = Read(gz, Engine.Isal, chunk: 65536);

            Assert.Null(isal.Error);
            Assert.Equal(input, isal.Data);
            Assert.Equal(Read(gz, Engine.Managed, chunk: 65536).Data, isal.Data);
        }
    }

    /// <summary>Members, an empty one among them, read whole however the raw stream cuts its reads.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(4096, 1000)]
    [InlineData(1 << 20, 1 << 16)]
    public void Read_ConcatenatedMembersInAnyReadSizes_ReadWhole(int rawChunk, int readChunk)
    {
        if (!Native()) return;
        var half = Text.Length / 2;
        byte[] gz = [.. GzipCommand(Text[..half], "-1", "-n", "-c"), .. GzipCommand([], "-n", "-c"), .. GzipCommand(Text[half..], "-9", "-n", "-c"), .. GzipCommand([], "-n", "-c")];

        var isal = Read(gz, Engine.Isal, readChunk, rawChunk);

        Assert.Null(isal.Error);
        Assert.Equal(Text, isal.Data);
    }

    [Fact]
    public void Read_ZeroBytes_ReadsEmpty()
    {
        if (!Native()) return;
        var isal = Read([], Engine.Isal, 100);

        Assert.Null(isal.Error);
        Assert.Empty(isal.Data);
    }

    /// <summary>Optional header fields (extra, name, comment, header CRC) are parsed and skipped by both readers.</summary>
    [Fact]
    public void Read_HeaderWithEveryOptionalField_MatchesInput()
    {
        if (!Native()) return;
        var gz = WithOptionalFields(GzipCommand(Text, "-6", "-n", "-c"), flipHeaderCrc: false);

        // Raw reads of 5 bytes hand the header over in pieces (ISA-L needs it whole, see IsalGzipReadStream).
        foreach (var rawChunk in new[] { int.MaxValue, 5, 1 })
        {
            var isal = Read(gz, Engine.Isal, 4096, rawChunk);

            Assert.Null(isal.Error);
            Assert.Equal(Text, isal.Data);
        }
        Assert.Equal(Text, Read(gz, Engine.Managed, 4096).Data);
    }

    public static TheoryData<string> Damages() => ["cut-in-header", "cut-in-data", "cut-in-trailer", "cut-one-byte-short",
        "flipped-data-byte", "wrong-crc", "wrong-length", "trailing-garbage", "second-member-wrong-crc", "second-member-cut", "not-gzip",
        "reserved-flag", "wrong-method", "wrong-header-crc"];

    /// <summary>Damage fails in both readers with the same member and compressed offset, keeping only a prefix.</summary>
    [Theory]
    [MemberData(nameof(Damages))]
    public void Read_DamagedInput_FailsLikeManaged(string damage)
    {
        if (!Native()) return;
        var one = GzipCommand(Text, "-6", "-n", "-c");
        byte[] two = [.. one, .. one];
        var (file, expected) = damage switch
        {
            "cut-in-header" => (one[..5], Text),
            "cut-in-data" => (one[..(one.Length / 2)], Text),
            "cut-in-trailer" => (one[..^5], Text),
            "cut-one-byte-short" => (one[..^1], Text),
            "flipped-data-byte" => (HostileInputs.Flip(one, one.Length / 2), Text),
            "wrong-crc" => (HostileInputs.Flip(one, -7), Text),
            "wrong-length" => (HostileInputs.Flip(one, -2), Text),
            "trailing-garbage" => ([.. one, 0x1F, 0x00, 0x00], Text),
            "second-member-wrong-crc" => (HostileInputs.Flip(two, -8), [.. Text, .. Text]),
            "second-member-cut" => (two[..(one.Length + one.Length / 3)], [.. Text, .. Text]),
            "not-gzip" => ("{\"id\":1}\n"u8.ToArray(), Text),
            "reserved-flag" => (WithByte(one, 3, 0x20), Text),
            "wrong-method" => (WithByte(one, 2, 7), Text),
            "wrong-header-crc" => (WithOptionalFields(one, flipHeaderCrc: true), Text),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        var managed = Read(file, Engine.Managed, 4096);
        foreach (var rawChunk in new[] { 1 << 20, 1000, 3 })
        {
            var isal = Read(file, Engine.Isal, 4096, rawChunk);

            Assert.NotNull(managed.Error);
            Assert.True(isal.Error is not null, $"{damage} read as complete ({isal.Data.Length} bytes)");
            Assert.Equal(Where(managed.Error!), Where(isal.Error!));
            Assert.Equal(Kind(managed.Error!), Kind(isal.Error!));
            // A flipped byte can inflate to wrong bytes that only the trailer check catches, in both readers.
            if (!damage.Contains("flipped", StringComparison.Ordinal)) Assert.Equal(expected[..isal.Data.Length], isal.Data);
        }
    }

    /// <summary>Every cut short of the end fails with the member and offset the managed reader names.</summary>
    [Fact]
    public void Read_EveryCut_FailsWhereManagedFails()
    {
        if (!Native()) return;
        var small = Encoding.UTF8.GetBytes(string.Concat(Lines[..6]));
        var a = GzipCommand(small, "-1", "-n", "-c");
        var b = GzipCommand([], "-n", "-c");
        var c = GzipCommand(small, "-9", "-n", "-c");
        byte[] file = [.. a, .. b, .. c];
        int[] boundaries = [a.Length, a.Length + b.Length];

        for (var cut = 1; cut < file.Length; cut++)
        {
            if (boundaries.Contains(cut)) continue;
            var managed = Read(file[..cut], Engine.Managed, 512);
            var isal = Read(file[..cut], Engine.Isal, 512, rawChunk: 7);
            Assert.True(isal.Error is not null, $"cut at {cut} of {file.Length} read as complete");
            Assert.Equal(Where(managed.Error!), Where(isal.Error!));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Write_AnyLevel_IsGzipThatManagedAndTheGzipCommandRead(int level)
    {
        if (!Native()) return;
        var output = new MemoryStream();
        using (var gzip = new IsalGzipWriteStream(output, level))
        {
            // Uneven writes, and a sync flush in the middle.
            gzip.Write(Scifact.AsSpan(0, 1));
            gzip.Write(Scifact.AsSpan(1, 99_999));
            gzip.Flush();
            gzip.Write(Scifact.AsSpan(100_000));
        }
        var gz = output.ToArray();

        Assert.Equal(Scifact, Read(gz, Engine.Managed, 65536).Data);
        Assert.Equal(Scifact, GzipCommand(gz, "-dc"));
        GzipCommand(gz, "-t");
        Assert.True(gz.Length < Scifact.Length / 2, $"level {level} wrote {gz.Length} bytes for {Scifact.Length}");
    }

    [Fact]
    public async Task Write_AsyncThroughCompressionCodec_RoundTripsAndEmptyIsValid()
    {
        if (!Native()) return;
        var output = new MemoryStream();
        await using (var gzip = CompressionCodec.OpenWrite(output, Compression.Gzip))
        {
            Assert.IsType<IsalGzipWriteStream>(gzip);
            for (var i = 0; i < Text.Length; i += 70_000) await gzip.WriteAsync(Text.AsMemory(i, Math.Min(70_000, Text.Length - i)));
        }
        var empty = new MemoryStream();
        await using (new IsalGzipWriteStream(empty)) { }

        await using var read = CompressionCodec.OpenRead(new MemoryStream(output.ToArray()), Compression.Gzip);
        Assert.IsType<IsalGzipReadStream>(read);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.Equal(Text, back.ToArray());
        Assert.Empty(GzipCommand(empty.ToArray(), "-dc"));
    }

    [Theory]
    [InlineData(null, NativeMode.Auto)]
    [InlineData("", NativeMode.Auto)]
    [InlineData("on", NativeMode.Auto)]
    [InlineData("off", NativeMode.Off)]
    [InlineData("0", NativeMode.Off)]
    [InlineData("OFF", NativeMode.Off)]
    [InlineData("require", NativeMode.Require)]
    public void ParseMode_EnvironmentValues_MapToModes(string? value, NativeMode expected) =>
        Assert.Equal(expected, NativeKernels.ParseMode(value));

    private enum Engine { Managed, Isal }

    /// <summary>Everything read before the first failure, and the failure.</summary>
    private static (byte[] Data, InvalidDataException? Error) Read(byte[] gz, Engine engine, int chunk, int rawChunk = int.MaxValue)
    {
        Stream raw = rawChunk == int.MaxValue ? new MemoryStream(gz) : new TrickleStream(gz, rawChunk);
        using Stream s = engine == Engine.Managed ? new VerifiedGzipStream(raw) : new IsalGzipReadStream(raw);
        var data = new MemoryStream();
        var buffer = new byte[chunk];
        try
        {
            int n;
            while ((n = s.Read(buffer)) > 0) data.Write(buffer, 0, n);
            return (data.ToArray(), null);
        }
        catch (InvalidDataException e)
        {
            return (data.ToArray(), e);
        }
    }

    private static byte[] WithByte(byte[] gz, int index, byte value)
    {
        var copy = gz.ToArray();
        copy[index] = value;
        return copy;
    }

    /// <summary>A gzip-command member (10-byte header, no flags) rewritten with FEXTRA, FNAME, FCOMMENT and FHCRC.</summary>
    private static byte[] WithOptionalFields(byte[] gz, bool flipHeaderCrc)
    {
        byte[] header = [0x1F, 0x8B, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3, 4, 0, (byte)'S', (byte)'l', 2, 0,
            .. "part-00000.jsonl\0"u8, .. "made for a test\0"u8];
        var crc = (ushort)System.IO.Hashing.Crc32.HashToUInt32(header);
        if (flipHeaderCrc) crc ^= 0xFFFF;
        return [.. header, (byte)crc, (byte)(crc >> 8), .. gz[10..]];
    }

    /// <summary>"gzip member N (at compressed byte X)": where a failure happened.</summary>
    private static string Where(Exception e) => e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)];

    private static string Kind(Exception e)
    {
        string[] kinds = ["truncated", "trailer check failed", "corrupt deflate data", "not gzip data", "not a gzip member", "header"];
        return kinds.FirstOrDefault(k => e.Message.Contains(k, StringComparison.Ordinal)) ?? e.Message;
    }

    private static byte[] GzipCommand(byte[] input, params string[] args) => CommandPipe.Run("gzip", input, args);

    /// <summary>A read-only stream that hands out at most a fixed number of bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int most) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => base.ReadAsync(buffer, offset, Math.Min(count, most), ct);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], ct);
    }
}
