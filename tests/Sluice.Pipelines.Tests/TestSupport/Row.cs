namespace Sluice.Pipelines.Tests.TestSupport;

/// <summary>The record most tests push through pipelines.</summary>
/// <remarks>
/// A row whose text is <see cref="Poison"/> throws when a sink reads its <c>Text</c>, so sink faults can be
/// provoked without a custom sink. Only sink fault tests use it: a filter reject would also read the getter.
/// </remarks>
public sealed record Row(string Id, long N, string Text)
{
    public const string Poison = "poison-for-sinks";

    public string Text
    {
        get => field == Poison ? throw new InvalidOperationException("this row cannot be written") : field;
        init;
    } = Text;

    public static Row Make(int i) => new($"r{i:D5}", i, $"text {i} é");
}
