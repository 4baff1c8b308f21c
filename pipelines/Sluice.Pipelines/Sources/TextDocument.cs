namespace Sluice.Pipelines.Sources;

/// <summary>A plain text file as one record.</summary>
/// <param name="Id">The file's key relative to the input root.</param>
/// <param name="Uri">The file's full URI.</param>
/// <param name="Text">Its content, decoded as UTF-8.</param>
public sealed record TextDocument(string Id, string Uri, string Text);
