using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// Reads the JSON objects Sluice keeps beside data, trusting none of them: <c>run.json</c>, commits, checkpoints,
/// attempt records, <c>workflow.json</c>, stage markers and dataset manifests. Each is parsed strictly, with the rules
/// records are read with (<see cref="SluiceJson.RecordReadOptions"/>: no key twice, no null where the type forbids one)
/// and every field that is neither nullable nor defaulted present, and then checked against its rules (ids of
/// their patterns, plain relative keys, counts not negative), so that nothing read from a folder anyone can write
/// reaches a key, a count or a crash unchecked.
/// </summary>
public static class RunObjects
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    /// <summary>Reads and checks the object at <paramref name="key"/> of <paramref name="store"/>.</summary>
    /// <typeparam name="T">
    /// <see cref="RunManifest"/>, <see cref="UnitCommit"/>, <see cref="UnitCheckpoint"/>, <see cref="AttemptStatus"/>,
    /// <see cref="Runtime.WorkflowManifest"/>, <see cref="Runtime.StageMarker"/> or <see cref="Sinks.DatasetManifest"/>.
    /// </typeparam>
    /// <exception cref="ObjectNotFoundException">There is no object at the key.</exception>
    /// <exception cref="InvalidDataException">
    /// It is not valid JSON, lacks a field or holds an invalid one: the message names the object's full URI and the field.
    /// </exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not one of these types.</exception>
    public static async Task<T> ReadAsync<T>(IObjectStore store, string key, CancellationToken ct) where T : class
    {
        var uri = ObjectStores.Join(store.RootUri, key);
        T? value;
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct);
            value = await JsonSerializer.DeserializeAsync<T>(stream, Strict, ct);
        }
        catch (JsonException e)
        {
            // The serializer's message names a missing property but not where it sits: prefix the path of its object.
            var field = e.Path?.TrimStart('$').TrimStart('.');
            throw Invalid<T>(uri, string.IsNullOrEmpty(field) ? e.Message : $"field '{field}': {e.Message}", e);
        }
        if (value is null) throw Invalid<T>(uri, "it holds null");
        if (RunObjectRules.ProblemsOf(value) is { Count: > 0 } problems) throw Invalid<T>(uri, string.Join("; ", problems));
        return value;
    }

    /// <summary>
    /// The error for an object of type <typeparamref name="T"/> at <paramref name="uri"/> with <paramref name="problem"/>:
    /// <c>commit object URI is unreadable: PROBLEM; delete it to run that unit again</c>.
    /// </summary>
    /// <typeparam name="T">One of the types <see cref="ReadAsync{T}"/> reads.</typeparam>
    /// <param name="uri">The object's full URI.</param>
    /// <param name="problem">What is wrong, naming the field (<c>field 'unit' is …</c>).</param>
    /// <param name="inner">The parse error, if any.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not such a type.</exception>
    public static InvalidDataException Invalid<T>(string uri, string problem, Exception? inner = null)
    {
        var (what, advice) = RunObjectRules.Describe(typeof(T));
        return new InvalidDataException($"{what} {uri} is unreadable: {problem}" + (advice is null ? "" : $"; {advice}"), inner);
    }

    // The one strict reading of Sluice: the records' rules (SluiceJson.RecordReadOptions: no key twice, no null or
    // missing value where the type forbids one, at any depth), plus every undefaulted value-type parameter required.
    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(SluiceJson.RecordReadOptions)
        {
            TypeInfoResolver = SluiceJson.RecordReadOptions.TypeInfoResolver!.WithAddedModifier(RequireUndefaulted),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// A constructor parameter with no default value and no nullable type is required: a missing <c>rank</c> or
    /// <c>units</c> is an error naming it, not a silent 0 or a null that crashes later. Nullable ones stay optional,
    /// so objects written before such a field existed still read.
    /// </summary>
    private static void RequireUndefaulted(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
                property.IsRequired = true;
    }
}
