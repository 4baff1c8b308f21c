using System.Buffers.Binary;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Reads the <c>endianness</c> field of an IPC schema message. Apache.Arrow for .NET ignores it and reads
/// big-endian buffers as if they were little-endian, so Sluice refuses such data before handing it over.
/// </summary>
internal static class ArrowSchemaEndianness
{
    // Flatbuffer field slots (Message.fbs / Schema.fbs): Message.header_type = 1, Message.header = 2,
    // Schema.endianness = 0; header type 1 is Schema; endianness 1 is Big.
    private const int MessageHeaderType = 1, MessageHeader = 2, SchemaEndianness = 0;
    private const byte SchemaHeader = 1;

    /// <summary>True when <paramref name="message"/> (one IPC message's flatbuffer) is a schema declaring
    /// big-endian buffers. Malformed flatbuffers read as false: the IPC reader reports them itself.</summary>
    public static bool IsBigEndian(ReadOnlySpan<byte> message)
    {
        if (message.Length < 4) return false;
        int table = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
        if (Flatbuffer.Field(message, table, MessageHeaderType) is not { } typeAt || message[typeAt] != SchemaHeader) return false;
        if (Flatbuffer.Field(message, table, MessageHeader) is not { } headerAt || headerAt + 4 > message.Length) return false;
        long schema = headerAt + (long)BinaryPrimitives.ReadUInt32LittleEndian(message[headerAt..]);
        if (schema < 0 || schema + 4 > message.Length) return false;
        return Flatbuffer.Field(message, (int)schema, SchemaEndianness) is { } endianAt && endianAt + 2 <= message.Length
            && BinaryPrimitives.ReadInt16LittleEndian(message[endianAt..]) == 1;
    }
}
