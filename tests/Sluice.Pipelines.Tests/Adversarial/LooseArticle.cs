namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>An <see cref="Article"/> as a careless writer holds it: any field may be null.</summary>
public sealed record LooseArticle(string? Id, string? Title, string? Text);
