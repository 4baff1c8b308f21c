namespace Sluice.Storage.Tests.Adversarial;

/// <summary>A record nesting others, with non-nullable lists.</summary>
public sealed record Discussion(string Id, Article Head, List<Article> Replies, string[] Tags, IReadOnlyList<string?> Notes);
