using System.Text.Json;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Tests.Formats;

public sealed record Doc(string Id, string? Text, int? Count, double Score, List<string>? Tags, [Vector] float[]? Embedding);

/// <summary>Random documents driven by an FsCheck-chosen seed.</summary>
internal static class TestDocs
{
    private static readonly string[] s_pieces = ["a", "Z", "é", "日本", "🎉", " ", "\n", "\"", "\\", "\t", "ß", "x y", "{}", "\u0001"];

    public static string Text(Random random)
    {
        int n = random.Next(0, 6);
        return string.Concat(Enumerable.Range(0, n).Select(_ => s_pieces[random.Next(s_pieces.Length)]));
    }

    public static List<Doc> Make(int seed, int? count = null)
    {
        var random = new Random(seed);
        int n = count ?? random.Next(0, 40);
        int size = random.Next(1, 9);
        return Enumerable.Range(0, n).Select(i => new Doc(
            $"d{i}",
            random.Next(5) == 0 ? null : Text(random),
            random.Next(3) == 0 ? null : random.Next(int.MinValue, int.MaxValue),
            random.NextDouble() * 1e6 - 5e5,
            random.Next(4) == 0 ? null : Enumerable.Range(0, random.Next(0, 4)).Select(_ => Text(random)).ToList(),
            random.Next(4) == 0 ? null : Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray())).ToList();
    }

    /// <summary>Records hold arrays and lists, compared by reference; compare their JSON instead.</summary>
    public static void Equal(IReadOnlyList<Doc> expected, IReadOnlyList<Doc> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.Equal(JsonSerializer.Serialize(expected[i], SluiceJson.Options), JsonSerializer.Serialize(actual[i], SluiceJson.Options));
    }
}
