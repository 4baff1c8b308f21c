using System.Text.Json;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>Keeps <c>attempts/ATTEMPT.json</c> current: written at start, every <c>interval</c> while running, and at the end.</summary>
internal sealed class AttemptRecorder : IAsyncDisposable
{
    private readonly IObjectStore _run;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private AttemptStatus _status;

    public AttemptRecorder(IObjectStore run, AttemptStatus initial, Func<AttemptStatus, AttemptStatus> refresh, TimeSpan interval)
    {
        _run = run;
        _status = initial;
        _heartbeat = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try { await Task.Delay(interval, _stop.Token); } catch (OperationCanceledException) { return; }
                // A missed heartbeat only makes status less fresh; it must never fail the run.
                try { await WriteAsync(refresh(_status) with { Updated = DateTimeOffset.UtcNow }); } catch (Exception) { }
            }
        });
    }

    public static async Task<AttemptRecorder> StartAsync(IObjectStore run, AttemptStatus initial, Func<AttemptStatus, AttemptStatus> refresh, TimeSpan interval)
    {
        var recorder = new AttemptRecorder(run, initial, refresh, interval);
        await recorder.WriteAsync(initial);
        return recorder;
    }

    public async Task FinishAsync(AttemptStatus final)
    {
        await _stop.CancelAsync();
        await _heartbeat;
        await WriteAsync(final with { Updated = DateTimeOffset.UtcNow });
    }

    private async Task WriteAsync(AttemptStatus status)
    {
        _status = status;
        await _run.PutAsync(RunLayout.AttemptKey(status.Attempt), JsonSerializer.SerializeToUtf8Bytes(status, SluiceJson.Options));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
    }
}
