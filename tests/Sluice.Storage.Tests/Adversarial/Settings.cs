namespace Sluice.Storage.Tests.Adversarial;

/// <summary>A class with a <c>required</c> member, a defaulted one and an init-only one with no default.</summary>
public sealed class Settings
{
    public required string Name { get; init; }

    public string Mode { get; init; } = "fast";

    public string Owner { get; init; } = null!;

    public string? Comment { get; init; }
}
