namespace Sluice.Pipelines.Exchange;

/// <summary>
/// A record read by <c>ReadGroups</c>: records come sorted by key, each with the first record of its key's group and
/// its index in the group (0 for the first). A reducer that needs one representative per key (dedup keeps the first)
/// holds nothing else, so a group of any size streams through.
/// </summary>
/// <param name="Key">The group's key.</param>
/// <param name="Record">This record.</param>
/// <param name="First">The group's first record (the same object as <paramref name="Record"/> when <paramref name="Index"/> is 0).</param>
/// <param name="Index">This record's place in its group, from 0.</param>
public sealed record GroupMember<TKey, T>(TKey Key, T Record, T First, long Index);
