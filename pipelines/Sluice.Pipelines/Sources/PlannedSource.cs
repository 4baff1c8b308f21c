using System.Collections.Concurrent;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Base of the file-backed sources: resolves the input URI once, cuts each file into units, and finds a
/// unit's file again when it is read.
/// </summary>
public abstract class PlannedSource<T>(string uri) : IRecordSource<T>
{
    private readonly ConcurrentDictionary<string, InputFile> _files = new(StringComparer.Ordinal);

    /// <summary>The input URI (object, folder, glob or dataset).</summary>
    public string Uri { get; } = uri;

    /// <inheritdoc />
    public abstract string Describe();

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct)
    {
        var units = new List<WorkUnit>();
        foreach (var file in await InputResolver.ResolveAsync(Uri, ct))
        {
            _files[file.Uri] = file;
            units.AddRange(await SplitAsync(file, sourceIndex, ct));
        }
        return units;
    }

    /// <inheritdoc />
    public abstract IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, CancellationToken ct);

    /// <summary>Cuts one file into units (ids are filled in by the planner).</summary>
    protected virtual IEnumerable<WorkUnit> Split(InputFile file, int sourceIndex) =>
        [new WorkUnit("", sourceIndex, file.Uri, 0, file.Info.Size, file.Info.Size, UnitKind.WholeFile, file.Info.Fingerprint)];

    /// <summary>Cuts one file into units when that needs to read the file (Parquet footers, Arrow batch counts).</summary>
    protected virtual Task<IEnumerable<WorkUnit>> SplitAsync(InputFile file, int sourceIndex, CancellationToken ct) =>
        Task.FromResult(Split(file, sourceIndex));

    /// <summary>The file a planned unit reads.</summary>
    protected InputFile FileOf(WorkUnit unit) =>
        _files.TryGetValue(unit.Uri, out var file) ? file : throw new InvalidOperationException($"unit {unit.Id} ({unit.Uri}) was not planned by this source");
}
