namespace Sluice.Cli.Tests.Conformance;

/// <summary>A plain record for the generic verbs and the file sources.</summary>
public sealed record Line(string Id, int N, string Text)
{
    /// <summary>The record whose arrival the case's delegate refuses.</summary>
    public const string PoisonId = "poison";

    public static IReadOnlyList<Line> Samples { get; } = Enumerable.Range(1, 9).Select(n => new Line($"l{n}", n, $"line {n}")).ToArray();

    public static IReadOnlyList<Line> Poison { get; } = [new Line(PoisonId, 0, "poison")];

    /// <summary>A delegate body that throws on <see cref="PoisonId"/>.</summary>
    public static Line Check(Line l) => l.Id == PoisonId ? throw new InvalidOperationException($"refused {l.Id}") : l;
}

/// <summary>A record a sink cannot write when it is the poison: reading its <see cref="Text"/> throws.</summary>
public sealed record Cell(string Id, int N, string Text)
{
    private readonly string _text = Text;

    public string Text
    {
        get => Id == Line.PoisonId ? throw new InvalidOperationException("this cell cannot be written") : _text;
        init => _text = value;
    }

    public static IReadOnlyList<Cell> Samples { get; } = Enumerable.Range(1, 9).Select(n => new Cell($"c{n}", n, $"cell {n}")).ToArray();

    public static IReadOnlyList<Cell> Poison { get; } = [new Cell(Line.PoisonId, 0, "poison")];
}
