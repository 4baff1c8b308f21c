using Sluice.Pipelines.Contracts;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>What is wrong with the fields of one object read back, each named by its JSON path (<c>units[3].id</c>).</summary>
internal sealed class FieldProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public void Check(bool ok, string field, string problem)
    {
        if (!ok) _problems.Add($"field '{field}' {problem}");
    }

    public void NotNull(object? value, string field) => Check(value is not null, field, "is null");

    public void NotEmpty(string? value, string field) => Check(!string.IsNullOrEmpty(value), field, "is empty");

    public void NotNegative(long value, string field) => Check(value >= 0, field, $"is {value}, below zero");

    public void Unit(string? value, string field) => Check(RunIds.IsUnit(value), field, $"is '{value}', not a unit id (u000000)");

    public void Attempt(string? value, string field) => Check(RunIds.IsAttempt(value), field, $"is '{value}', not an attempt id (8 hex digits)");

    public void Name(string? value, string field) => Check(RunIds.IsName(value), field, $"is '{value}', not a kebab-case name");

    public void Key(string? value, string field) =>
        Check(ObjectKeys.IsPlainRelative(value), field, $"is '{value}', not a plain relative key (no '..', '.', empty or leading '/' segments)");

    /// <summary>Values of a string map: none null.</summary>
    public void Map(IReadOnlyDictionary<string, string>? map, string field)
    {
        foreach (var (key, value) in map ?? new Dictionary<string, string>()) NotNull(value, $"{field}.{key}");
    }

    /// <summary>Outputs of one unit, per sink: every list and entry present, keys plain, counts not negative, all of <paramref name="unit"/>.</summary>
    public void Outputs(IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> outputs, string unit, string field)
    {
        foreach (var (sink, list) in outputs)
        {
            NotEmpty(sink, $"{field} (a sink name)");
            NotNull(list, $"{field}.{sink}");
            for (var i = 0; i < (list?.Count ?? 0); i++) Output(list![i], unit, $"{field}.{sink}[{i}]");
        }
    }

    /// <summary>One output; <paramref name="unit"/> null when it may belong to any unit (a dataset manifest).</summary>
    public void Output(SinkOutput? output, string? unit, string field)
    {
        NotNull(output, field);
        if (output is null) return;
        Key(output.Key, $"{field}.key");
        NotNegative(output.Rows, $"{field}.rows");
        NotNegative(output.Bytes, $"{field}.bytes");
        if (unit is null) NotEmpty(output.Unit, $"{field}.unit");
        else Check(output.Unit == unit, $"{field}.unit", $"is '{output.Unit}', not the object's unit {unit}");
        Check(output.Sha256 is null || output.Sha256.Length == 64 && output.Sha256.All(char.IsAsciiHexDigitLower), $"{field}.sha256", "is not 64 lower-case hex digits");
    }
}
