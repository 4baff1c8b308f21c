using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Operators.Dedup;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Dedup;

/// <summary>
/// The C# signer against the plain-Python reference (bench/dedup/minhash_ref.py), which shares no code with it:
/// normalisation from Python's own unicodedata, XxHash64 written out, exact big-integer arithmetic mod 2^61 − 1.
/// </summary>
public sealed class ReferenceParityTests
{
    private static readonly string[] Unusual =
    [
        "Héllo, WORLD! naïve café Ångström ΟΔΟΣ Straße",
        "Ｆｕｌｌ－ｗｉｄｔｈ ﬁne ㍿ ① ² ½ ™ text",
        "pi 3.14, 1,000,000 and v2.0-beta ends 7. then 1.. and 5,x",
        "长江是中国最长的河流，发源于青藏高原abc123日本語のテキスト한국어 문장입니다",
        "ภาษาไทย ພາສາລາວ ភាសាខ្មែរ မြန်မာဘာသာ हिन्दी में पाठ",
        "emoji 🎉 party 𝐁𝐨𝐥𝐝 math 𠀀 ext-b co\u00ADoperate zero\u200Bwidth",
        "ПРИВЕТ, Мир! Ёлка ЙОД ՀԱՅԵՐԵՆ ႠႡႢ ǅungla Ⅻ ﬀ İstanbul",
        "one",
        "!!! ... ???",
        "",
    ];

    [Fact]
    public async Task Sign_SameTexts_SameSignaturesAndBandKeysAsPythonReference()
    {
        var python = FindPython() ?? throw new InvalidOperationException("python3 is not on PATH: the parity check needs it (Debian: apt install python3)");
        var texts = Unusual.Concat(NearDuplicatePlanter.Documents.Take(25)).ToArray();
        var input = string.Join('\n', texts.Select((t, i) => JsonSerializer.Serialize(new { id = i.ToString(), text = t })));

        var psi = new ProcessStartInfo(python, [RepoPaths.Of("bench", "dedup", "minhash_ref.py"), "--stdin"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(process.ExitCode == 0, await stderr);

        var signer = new MinHashSigner(new MinHashOptions());
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var reference = JsonNode.Parse(lines[i])!;
            var expected = reference["signature"]?.AsArray().Select(v => v!.GetValue<ulong>()).ToArray();
            var actual = signer.Sign(texts[i]);
            Assert.True(Equal(expected, actual), $"text {i} ({texts[i][..Math.Min(40, texts[i].Length)]}): signatures differ");
            if (actual is null) continue;
            var keys = Enumerable.Range(0, 14).Select(b => MinHashSigner.BandKey(actual, b, 8)).ToArray();
            Assert.Equal(reference["band_keys"]!.AsArray().Select(v => v!.GetValue<ulong>()).ToArray(), keys);
        }
    }

    private static bool Equal(ulong[]? a, ulong[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static string? FindPython() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "python3")).FirstOrDefault(File.Exists);
}
