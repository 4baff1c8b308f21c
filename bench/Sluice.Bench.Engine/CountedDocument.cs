namespace Sluice.Bench.Engine;

/// <summary>A document with its whitespace word count: the output of the benchmark's third operator.</summary>
/// <param name="Id">Document id.</param>
/// <param name="Title">Title (may be null).</param>
/// <param name="Text">Whitespace-normalised text.</param>
/// <param name="Words">Whitespace-separated words in <paramref name="Text"/>.</param>
public sealed record CountedDocument(string Id, string? Title, string Text, int Words);
