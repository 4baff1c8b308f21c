namespace Sluice.Pipelines.Contracts;

/// <summary>A record that did not pass, with where it came from and why.</summary>
/// <param name="Operator">The operator (or source) that rejected it.</param>
/// <param name="Unit">Work unit id.</param>
/// <param name="File">Input URI.</param>
/// <param name="Position">Line or row in the input.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Record">The record as JSON text, when there was one (written as a JSON value in the rejects file).</param>
public sealed record RejectRecord(string Operator, string Unit, string File, long Position, string Reason,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(RawJsonTextConverter))] string? Record);
