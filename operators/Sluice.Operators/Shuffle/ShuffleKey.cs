using System.IO.Hashing;
using System.Text.Json;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Shuffle;

/// <summary>
/// A record with its shuffle key: the 128-bit XxHash128 of its JSON (as Sluice writes it) seeded with the shuffle's
/// seed. The key depends on the record and the seed only — not on its file, work unit, position or rank — so the
/// shuffled order is the same however the input is cut. Equal records get equal keys and so sit next to each other
/// in the order; since they are equal, which comes first changes nothing in the output.
/// </summary>
/// <param name="Hi">The key's high 64 bits; they also choose the exchange partition, so partitions hold key ranges in order.</param>
/// <param name="Lo">The key's low 64 bits.</param>
/// <param name="Record">The record.</param>
public sealed record ShuffleKey<T>(ulong Hi, ulong Lo, T Record)
{
    /// <summary>Keys <paramref name="record"/> for <paramref name="seed"/>.</summary>
    public static ShuffleKey<T> Of(T record, long seed)
    {
        var key = XxHash128.HashToUInt128(JsonSerializer.SerializeToUtf8Bytes(record, SluiceJson.Options), seed);
        return new ShuffleKey<T>((ulong)(key >> 64), (ulong)key, record);
    }

    /// <summary>The key as one number: the shuffled order is ascending key order.</summary>
    public UInt128 Key() => new(Hi, Lo);
}
