using System.IO.Hashing;
using System.Text;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// How a key picks its partition in an exchange: a 64-bit hash (XxHash3 of the key's UTF-8 for strings) mapped onto
/// <c>[0, partitions)</c> by its high bits (<c>hash × partitions / 2^64</c>), the same on every rank, machine and run.
/// </summary>
public static class Partitioning
{
    /// <summary>The most partitions an exchange may have: each needs an open shard per writing unit.</summary>
    public const int MaxPartitions = 65_536;

    /// <summary>The stable 64-bit hash of a string key.</summary>
    public static ulong Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> small = stackalloc byte[256];
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var bytes = length <= small.Length ? small : new byte[length];
        var written = Encoding.UTF8.GetBytes(key, bytes);
        return XxHash3.HashToUInt64(bytes[..written]);
    }

    /// <summary>The partition of a key whose 64-bit hash is <paramref name="hash"/>.</summary>
    public static int Of(ulong hash, int partitions) => (int)Math.BigMul(hash, (ulong)partitions, out _);

    /// <summary>Checks a partition count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in <c>[1, MaxPartitions]</c>.</exception>
    public static int Check(int partitions) =>
        partitions is >= 1 and <= MaxPartitions ? partitions
            : throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"an exchange needs 1 to {MaxPartitions} partitions");
}
