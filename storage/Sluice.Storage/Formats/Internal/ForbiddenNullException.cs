using System.Text.Json;

namespace Sluice.Storage.Formats.Internal;

/// <summary>A record read from JSON holds a null its type forbids (see <see cref="RecordNullability"/>). A
/// <see cref="JsonException"/> so that the serializer adds the path of nested records.</summary>
internal sealed class ForbiddenNullException(string message) : JsonException(message);
