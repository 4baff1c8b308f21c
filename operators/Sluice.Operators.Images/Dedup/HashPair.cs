namespace Sluice.Operators.Images.Dedup;

/// <summary>Two images within the distance, found in a shared band: the earlier (in input order) first.</summary>
/// <param name="FirstUnit">The earlier image's unit.</param>
/// <param name="FirstPosition">Its position.</param>
/// <param name="FirstUuid">Its uuid.</param>
/// <param name="FirstHash">Its pHash.</param>
/// <param name="Unit">The later image's unit.</param>
/// <param name="Position">Its position.</param>
/// <param name="Uuid">Its uuid.</param>
/// <param name="Hash">Its pHash.</param>
public sealed record HashPair(string FirstUnit, long FirstPosition, string FirstUuid, ulong FirstHash, string Unit, long Position, string Uuid, ulong Hash);
