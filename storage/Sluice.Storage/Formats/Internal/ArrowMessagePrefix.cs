using System.Buffers.Binary;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Reads one IPC message's length prefix and flatbuffer (not its body) and checks the lengths they declare
/// against the bytes the input still holds. Apache.Arrow for .NET allocates whatever a message declares before it
/// reads a byte of it, so a damaged length would otherwise cost up to 2 GiB per message.
/// </summary>
internal static class ArrowMessagePrefix
{
    // Message.fbs field slot of bodyLength.
    private const int MessageBodyLength = 3;

    /// <summary>Reads a message's prefix and metadata from <paramref name="stream"/>. Returns the bytes read and the
    /// body length the message declares; <c>Metadata</c> is empty for the end-of-stream marker, and <c>Read</c> is
    /// short when the input ends early (the IPC reader reports that itself).</summary>
    /// <param name="stream">Positioned at the start of a message.</param>
    /// <param name="available">Bytes the input holds from the start of the message on, or the most one message may
    /// declare when the input's length is unknown.</param>
    /// <param name="what">Names the message in errors, e.g. "record batch 3".</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The metadata or the body would end past
    /// <paramref name="available"/>.</exception>
    public static async Task<(byte[] Read, long BodyLength)> ReadAsync(Stream stream, long available, string what, CancellationToken ct)
    {
        var prefix = new byte[8];
        int n = await ReadUpToAsync(stream, prefix.AsMemory(0, 4), ct);
        if (n < 4) return (prefix[..n], 0);
        // Since Arrow 0.15 a message starts with the 0xFFFFFFFF continuation marker; older writers start with the length.
        int start = 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(prefix) == 0xFFFFFFFF)
        {
            n += await ReadUpToAsync(stream, prefix.AsMemory(4, 4), ct);
            if (n < 8) return (prefix[..n], 0);
            start = 8;
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(start - 4));
        if (length == 0) return (prefix[..start], 0);
        if (length < 0 || length > available - start)
            throw new InvalidDataException($"{what} declares {length} bytes of metadata; at most {Math.Max(0, available - start)} fit");
        var all = new byte[start + length];
        prefix.AsSpan(0, start).CopyTo(all);
        int m = await ReadUpToAsync(stream, all.AsMemory(start), ct);
        if (m < length) return (all[..(start + m)], 0);
        // An unreadable flatbuffer is left to the IPC reader, which reports it; its body length counts as zero here.
        var message = all.AsSpan(start);
        long body = Flatbuffer.Root(message) is { } table ? Flatbuffer.Int64(message, table, MessageBodyLength) ?? 0 : 0;
        long left = available - all.Length;
        if (body < 0 || body > left)
            throw new InvalidDataException($"{what} declares a body of {body} bytes; at most {left} fit");
        return (all, body);
    }

    private static async Task<int> ReadUpToAsync(Stream stream, Memory<byte> buffer, CancellationToken ct) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
}
