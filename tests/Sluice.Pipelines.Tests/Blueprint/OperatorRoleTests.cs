using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Blueprint;

public sealed class OperatorRoleTests
{
    [Fact]
    public void Build_EachNode_CarriesTheRoleOfWhatItDoes()
    {
        var p = Pipeline.Create("roles").ReadJsonl<Row>("in.jsonl", name: "read")
            .Map(r => r, "map").Where(r => r.N > 0, "not positive", "keep")
            .WriteJsonl("out", name: "write").Build();

        Assert.Equal([OperatorRole.Source, OperatorRole.Transform, OperatorRole.Filter, OperatorRole.Sink], p.Nodes.Select(n => n.Role));
        Assert.Equal(["read"], p.Sources.Select(n => n.Name));
        Assert.Equal(["write"], p.Sinks.Select(n => n.Name));
    }

    [Fact]
    public void ToName_EveryRole_IsItsLowerCaseName()
    {
        foreach (var role in Enum.GetValues<OperatorRole>())
            Assert.Equal(role.ToString().ToLowerInvariant(), role.ToName());
    }

    [Fact]
    public void Snapshot_Json_KeepsTheLowerCaseKindKeyAndReadsBack()
    {
        var snapshot = new OperatorMetrics("write", OperatorRole.Sink).Snapshot();

        var json = JsonSerializer.Serialize(snapshot, SluiceJson.Options);

        Assert.Contains("\"kind\":\"sink\"", json, StringComparison.Ordinal);
        Assert.Equal(snapshot, JsonSerializer.Deserialize<OperatorSnapshot>(json, SluiceJson.Options));
    }

    [Fact]
    public void Snapshot_JsonWithoutKind_IsRefused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OperatorSnapshot>(
            """{"name":"x","records_in":1,"records_out":1,"rejected":0,"bytes_in":0,"bytes_out":0,"busy_seconds":0,"queue_depth":0}""", SluiceJson.Options));

    [Fact]
    public void Read_RoleAsNumber_IsRefused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OperatorRole>("6", SluiceJson.Options));
}
