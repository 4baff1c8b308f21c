using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Writes an <see cref="OperatorRole"/> as its lower-case name (<c>"source"</c>) and reads it back, never as a
/// number, so <c>stats.json</c> and progress lines keep the spelling they had when roles were strings.
/// </summary>
public sealed class OperatorRoleJsonConverter() : JsonStringEnumConverter<OperatorRole>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
