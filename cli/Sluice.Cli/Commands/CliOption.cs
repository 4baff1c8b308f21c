namespace Sluice.Cli.Commands;

/// <summary>One option as given on the command line, in order: <c>--name value</c>, or <c>--name</c> alone for a flag (then <see cref="Value"/> is null).</summary>
/// <param name="Name">The name without its dashes.</param>
/// <param name="Value">The value, or null for a flag given without one.</param>
internal sealed record CliOption(string Name, string? Value);
