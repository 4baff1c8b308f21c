namespace Sluice.Cli.Query;

/// <summary>
/// A query that cannot be answered (bad SQL, a <c>dataset('…')</c> that names no readable dataset); the message is
/// one line saying what is wrong. An <see cref="InvalidOperationException"/>, so the CLI prints it and exits 1.
/// </summary>
internal sealed class QueryException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
