using System.Buffers.Binary;

namespace Sluice.Storage.Formats.Internal;

/// <summary>Bounds-checked reads of flatbuffer tables, enough to peek at IPC metadata before Apache.Arrow parses
/// it. Every read of a malformed buffer yields null rather than throwing.</summary>
internal static class Flatbuffer
{
    /// <summary>The position of the root table, or null when the buffer is too short.</summary>
    public static int? Root(ReadOnlySpan<byte> buffer) =>
        buffer.Length < 4 ? null : Target(buffer, 0);

    /// <summary>The position a uoffset at <paramref name="at"/> points to, or null when out of bounds.</summary>
    public static int? Target(ReadOnlySpan<byte> buffer, int at)
    {
        if (at < 0 || at + 4 > buffer.Length) return null;
        long target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(buffer[at..]);
        return target + 4 > buffer.Length ? null : (int)target;
    }

    /// <summary>The position of a table's field, or null when absent (default) or out of bounds.</summary>
    public static int? Field(ReadOnlySpan<byte> buffer, int table, int slot)
    {
        if (table < 0 || table + 4 > buffer.Length) return null;
        long vtable = table - (long)BinaryPrimitives.ReadInt32LittleEndian(buffer[table..]);
        if (vtable < 0 || vtable + 4 > buffer.Length) return null;
        int vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(int)vtable..]);
        int entry = 4 + 2 * slot;
        if (entry + 2 > vtableSize || vtable + entry + 2 > buffer.Length) return null;
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(int)(vtable + entry)..]);
        return offset == 0 || table + offset >= buffer.Length ? null : table + offset;
    }

    /// <summary>An int64 field's value: its default 0 when absent, null when it does not fit the buffer.</summary>
    public static long? Int64(ReadOnlySpan<byte> buffer, int table, int slot) => Field(buffer, table, slot) switch
    {
        null => 0,
        { } at when at + 8 <= buffer.Length => BinaryPrimitives.ReadInt64LittleEndian(buffer[at..]),
        _ => null,
    };
}
