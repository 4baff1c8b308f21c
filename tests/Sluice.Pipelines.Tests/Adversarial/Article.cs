namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>The shape of <see cref="Sluice.Testing.HostileInputs.JsonLines"/>: title optional, id and text not.</summary>
public sealed record Article(string Id, string? Title, string Text);
