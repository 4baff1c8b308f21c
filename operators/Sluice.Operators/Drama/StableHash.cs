using System.Security.Cryptography;
using System.Text;

namespace Sluice.Operators.Drama;

/// <summary>A hash that is the same on every machine and run (unlike <see cref="string.GetHashCode()"/>), for seeded choices.</summary>
internal static class StableHash
{
    public static ulong Of(int seed, string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\u0001{text}"), digest);
        return BitConverter.ToUInt64(digest);
    }

    /// <summary>A number in [0, 1).</summary>
    public static double Unit(int seed, string text) => (Of(seed, text) >> 11) * (1.0 / (1UL << 53));
}
