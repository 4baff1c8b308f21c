namespace Sluice.Cli.Commands;

/// <summary>A command line that cannot be run; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
