using System.Text;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>Writing hostile files to disk and reading sources unit by unit, as the engine does.</summary>
internal static class HostileFiles
{
    public static string UriOf(string path) => "file://" + Path.GetFullPath(path);

    public static void Write(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Concat(lines), new UTF8Encoding(false));

    public static void Append(string path, IEnumerable<string> lines) => File.AppendAllText(path, string.Concat(lines), new UTF8Encoding(false));

    public static void Append(string path, byte[] bytes)
    {
        using var file = new FileStream(path, FileMode.Append);
        file.Write(bytes);
    }

    /// <summary>Every item <paramref name="source"/> yields for <paramref name="units"/>, in unit order; a unit that
    /// throws <see cref="InvalidDataException"/> ends with a fatal item holding its message, as the engine records it.</summary>
    public static async Task<List<SourceItem<T>>> ReadAllAsync<T>(IRecordSource<T> source, IEnumerable<WorkUnit> units)
    {
        var items = new List<SourceItem<T>>();
        foreach (var unit in units)
        {
            try
            {
                await foreach (var item in source.ReadAsync(unit, CancellationToken.None)) items.Add(item);
            }
            catch (InvalidDataException e)
            {
                items.Add(new SourceItem<T>(default, -1, e.Message, Fatal: true));
            }
        }
        return items;
    }
}
