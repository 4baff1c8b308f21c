using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;
using Spectre.Console;

namespace Sluice.Cli.Progress;

/// <summary>
/// Shows a running pipeline: a live Spectre.Console table on a terminal, else one JSON line on stderr every
/// <c>SLUICE_PROGRESS_SECONDS</c> (default 10) for batch logs.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly bool _live;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private ProgressReporter(bool live, TimeSpan interval)
    {
        _live = live;
        _interval = interval;
    }

    public static ProgressReporter ForConsole()
    {
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("SLUICE_PROGRESS_SECONDS"), out var s) ? s : 10;
        var live = !Console.IsErrorRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
        return new ProgressReporter(live, TimeSpan.FromSeconds(live ? 0.5 : seconds));
    }

    public void Start(RunMonitor monitor) => _loop = _live ? Task.Run(() => LiveAsync(monitor)) : Task.Run(() => JsonLinesAsync(monitor));

    public void Stop()
    {
        _stop.Cancel();
        try { _loop.Wait(); } catch (AggregateException) { }
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private async Task JsonLinesAsync(RunMonitor monitor)
    {
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(_interval, _stop.Token); } catch (OperationCanceledException) { return; }
            var line = new { progress = monitor.Pipeline, units_done = monitor.UnitsCompleted, units = monitor.UnitsAssigned, operators = monitor.Snapshot() };
            await Console.Error.WriteLineAsync(JsonSerializer.Serialize(line, SluiceJson.Options));
        }
    }

    private async Task LiveAsync(RunMonitor monitor)
    {
        var table = new Table().AddColumns("operator", "kind", "in", "out", "rejected", "busy s", "queue");
        await AnsiConsole.Live(table).StartAsync(async ctx =>
        {
            while (true)
            {
                table.Rows.Clear();
                foreach (var op in monitor.Snapshot())
                    table.AddRow(op.Name, op.Role.ToName(), $"{op.RecordsIn:N0}", $"{op.RecordsOut:N0}", $"{op.Rejected:N0}", $"{op.BusySeconds:F1}", $"{op.QueueDepth}");
                table.Caption($"{monitor.Pipeline}: {monitor.UnitsCompleted}/{monitor.UnitsAssigned} units");
                ctx.Refresh();
                if (_stop.IsCancellationRequested) return;
                try { await Task.Delay(_interval, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }
}
