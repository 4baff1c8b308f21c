namespace Sluice.Pipelines.Catalog;

/// <summary>A parameter of a verb that has a default value, so a script may leave it out.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Type">Its type, as C# spells it (<c>int</c>, <c>ChunkOptions?</c>).</param>
/// <param name="Default">Its default as C# would write it (<c>null</c>, <c>50</c>, <c>Compression.Gzip</c>).</param>
public sealed record VerbOption(string Name, string Type, string Default);
