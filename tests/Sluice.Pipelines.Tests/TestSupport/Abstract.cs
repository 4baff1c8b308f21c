namespace Sluice.Pipelines.Tests.TestSupport;

/// <summary>A SciFact abstract as the tests read it.</summary>
public sealed record Abstract(string Id, string? Title, string Text);
