namespace Sluice.Cli.Query;

/// <summary>One <c>dataset('URI')</c> in a query's text.</summary>
/// <param name="Start">Offset of <c>dataset</c> in the text.</param>
/// <param name="Length">Characters up to and including the closing parenthesis.</param>
/// <param name="Uri">The URI, its quotes removed and doubled quotes undone.</param>
internal sealed record DatasetCall(int Start, int Length, string Uri);
