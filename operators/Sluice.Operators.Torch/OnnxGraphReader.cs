using System.Buffers.Binary;

namespace Sluice.Operators.Torch;

/// <summary>One float tensor stored in an ONNX model: its initializer name, shape and values (row-major).</summary>
internal sealed record OnnxTensor(string Name, long[] Shape, float[] Values)
{
    /// <summary>The shape as text, such as <c>[384, 1536]</c>, for messages.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>One node of an ONNX graph: its operator and the names of its inputs and outputs.</summary>
internal sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>The float initializers and the nodes of an ONNX graph, in file order.</summary>
internal sealed record OnnxGraph(IReadOnlyList<OnnxTensor> Initializers, IReadOnlyList<OnnxNode> Nodes);

/// <summary>
/// Reads the float initializers and the nodes of an ONNX model with a minimal protobuf walker, so no ONNX or protobuf library is
/// needed: ModelProto field 7 is the graph, GraphProto field 1 a node (NodeProto 1 = inputs, 2 = outputs, 4 = operator)
/// and field 5 an initializer, and TensorProto fields 1 (dims),
/// 2 (data type), 4 (float data), 8 (name) and 9 (raw data) describe one tensor.
/// </summary>
internal static class OnnxGraphReader
{
    private const int FloatType = 1;

    /// <summary>Reads every float initializer and every node of the serialized ModelProto <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static OnnxGraph Read(ReadOnlySpan<byte> model)
    {
        var result = new List<OnnxTensor>();
        var nodes = new List<OnnxNode>();
        var reader = new ProtoReader(model);
        while (reader.Next(out int field, out var graph))
        {
            if (field != 7)
                continue;
            var graphReader = new ProtoReader(graph);
            while (graphReader.Next(out int graphField, out var tensor))
            {
                if (graphField == 5 && ReadTensor(tensor) is { } t)
                    result.Add(t);
                else if (graphField == 1)
                    nodes.Add(ReadNode(tensor));
            }
        }
        return new OnnxGraph(result, nodes);
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> bytes)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string op = "";
        var reader = new ProtoReader(bytes);
        while (reader.Next(out int field, out var payload))
        {
            if (field == 1)
                inputs.Add(System.Text.Encoding.UTF8.GetString(payload));
            else if (field == 2)
                outputs.Add(System.Text.Encoding.UTF8.GetString(payload));
            else if (field == 4)
                op = System.Text.Encoding.UTF8.GetString(payload);
        }
        return new OnnxNode(op, inputs, outputs);
    }

    private static OnnxTensor? ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        float[]? values = null;
        var reader = new ProtoReader(bytes);
        while (reader.Next(out int field, out var payload))
        {
            switch (field)
            {
                case 1 when reader.LastVarint is long dim:
                    dims.Add(dim);
                    break;
                case 1:
                    // Packed repeated int64.
                    var packed = new ProtoReader(payload);
                    while (!packed.AtEnd)
                        dims.Add(packed.ReadVarint());
                    break;
                case 2:
                    dataType = (int)(reader.LastVarint ?? 0);
                    break;
                case 4 when reader.LastVarint is null:
                    values = ToFloats(payload);
                    break;
                case 8:
                    name = System.Text.Encoding.UTF8.GetString(payload);
                    break;
                case 9:
                    values = ToFloats(payload);
                    break;
            }
        }
        if (dataType != FloatType || values is null)
            return null;
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (count != values.Length)
            throw new InvalidDataException($"ONNX initializer '{name}' has shape [{string.Join(", ", dims)}] but {values.Length} values.");
        return new OnnxTensor(name, dims.ToArray(), values);
    }

    private static float[] ToFloats(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
            throw new InvalidDataException($"ONNX float data of {bytes.Length} bytes is not a whole number of floats.");
        if (BitConverter.IsLittleEndian)
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
        return values;
    }

    /// <summary>Walks the fields of one protobuf message; only varint and length-delimited payloads are kept.</summary>
    private ref struct ProtoReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _pos;

        public readonly bool AtEnd => _pos >= _bytes.Length;

        /// <summary>The value of the last field read when it was a varint; otherwise <c>null</c>.</summary>
        public long? LastVarint { get; private set; }

        public bool Next(out int field, out ReadOnlySpan<byte> payload)
        {
            payload = default;
            field = 0;
            LastVarint = null;
            if (AtEnd)
                return false;
            long key = ReadVarint();
            field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    LastVarint = ReadVarint();
                    break;
                case 1:
                    Skip(8);
                    break;
                case 2:
                    long length = ReadVarint();
                    if (length < 0 || length > _bytes.Length - _pos)
                        throw new InvalidDataException($"Protobuf field {field} runs past the end of its message.");
                    payload = _bytes.Slice(_pos, (int)length);
                    _pos += (int)length;
                    break;
                case 5:
                    Skip(4);
                    break;
                default:
                    throw new InvalidDataException($"Protobuf wire type {key & 7} (field {field}) is not supported.");
            }
            return true;
        }

        public long ReadVarint()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (AtEnd)
                    throw new InvalidDataException("Protobuf varint runs past the end of its message.");
                byte b = _bytes[_pos++];
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                    return value;
            }
            throw new InvalidDataException("Protobuf varint is longer than 10 bytes.");
        }

        private void Skip(int count)
        {
            if (count > _bytes.Length - _pos)
                throw new InvalidDataException("Protobuf fixed-size field runs past the end of its message.");
            _pos += count;
        }
    }
}
