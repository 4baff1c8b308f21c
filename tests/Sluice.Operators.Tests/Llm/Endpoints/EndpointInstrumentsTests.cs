using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Tests.Llm.Endpoints;

/// <summary>The endpoint clients' metrics instruments, as any listener (the CLI's OTLP exporter) sees them.</summary>
public sealed class EndpointInstrumentsTests
{
    [Fact]
    public async Task GetResponse_Answered_RecordsLatencyTaggedWithTheEndpoint()
    {
        // Tagged with a name of this test's own, so calls made by tests running alongside are told apart.
        const string endpoint = "instrument-test-endpoint";
        var latencies = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EndpointInstruments.MeterName && instrument.Name == "sluice.endpoint.latency") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "sluice.endpoint" && Equals(tag.Value, endpoint)) latencies.Enqueue(value);
        });
        listener.Start();
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("fine"));
        var client = ChatEndpoints.OpenAiCompatible(
            new OpenAiCompatibleOptions { BaseUrl = server.BaseUrl, Model = "m", Name = endpoint, ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY" },
            new EndpointGovernanceOptions { Log = TextWriter.Null });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);

        var latency = Assert.Single(latencies);
        Assert.InRange(latency, 0, ChatEndpoints.StatsOf(client)!.Snapshot().LatencyMaxMs + 1);
    }
}
