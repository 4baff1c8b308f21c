using System.Runtime.InteropServices;
using Sluice.Cli.Commands;
using Sluice.Cli.Scripting;

namespace Sluice.Cli;

/// <summary>The <c>sluice</c> command.</summary>
public static class Program
{
    private const string Usage = """
        usage: sluice COMMAND ...
          run SCRIPT.csx [--output URI] [--run RUN_URI [--verify]] [--rank R --world-size N] [--strict] [--stage NAME] [--name value ...]
                                     run the pipeline a script declares (this rank's share), or each stage of its
                                     workflow in order (--stage: that one only); with --run, exactly-once and
                                     resumable: committed units and finished stages are skipped;
                                     --otlp URL [--otlp-interval SECONDS] (or OTEL_EXPORTER_OTLP_ENDPOINT): per-operator
                                     metrics and endpoint latency to an OTLP receiver over HTTP/protobuf
          plan SCRIPT.csx [...]      print the graph, work units and their assignment (per stage of a workflow); run nothing
          ops [--json | --markdown]  every verb a script can call: name, role, input → output type and source file;
                                     --json one JSON array with options, defaults, summary, rule and paper;
                                     --markdown the page docs/operators.md holds
          inspect URI                schema, rows and size of a shard, a folder of shards or a dataset
          search DATASTORE (--query TEXT | --queries FILE.jsonl [--query-field F] --out FILE) [-k 10] [--nprobe N]
                 [--mode dense|bm25|hybrid] [--fusion nest|rrf] [--build-bm25] [--k1 0.9] [--b 0.4] [--analyzer english|standard]
                                     nearest passages of a datastore: dense for queries embedded with all-MiniLM-L6-v2,
                                     BM25 over the Lucene index in _bm25/ (built on first use), or both fused
          serve DATASTORE [NAME=DATASTORE ...] [--host 127.0.0.1] [--port 8080] [--max-queries 256] [--max-k 1000]
                                     an HTTP search API over one or more datastores: POST /search, GET /health,
                                     GET /stats, GET /openapi.json (docs/serve.md); Ctrl+C or SIGTERM drains and stops
          launch slurm|aws-batch|k8s SCRIPT.csx --world-size N --run RUN_URI [--stage NAME] [--output URI] [--dry-run] [--name value ...]
                                     one batch task per rank, one job array per workflow stage (chained with afterok):
                                     Slurm job arrays (submitted with sbatch, [--sbatch "OPTS"]),
                                     AWS Batch array jobs or Kubernetes Indexed Jobs (--image IMAGE; files + commands)
          status RUN_URI [--json]    per rank (and per stage of a workflow): units committed, running and pending, records,
                                     throughput, last failures
          report RUN_OR_OUTPUT [--out FILE.html]
                                     one self-contained HTML page about a run (records, throughput and busy time per
                                     operator, rejects with examples, shard sizes, sample rows, endpoint stats) and
                                     its charts as PNG beside it; default report.html in a local RUN_OR_OUTPUT
          query "SQL" [--json] [--limit N] [--max-copy-mb M]
                                     SQL through DuckDB; dataset('URI') reads exactly the shards a dataset's manifest lists
                                     (Parquet, JSONL, Arrow IPC loaded into memory; S3 shards are copied to a temp folder
                                     first; copies up to M MB per query, default 2048);
                                     an aligned table of the first N rows (default 50, 0: all), or JSON lines with --json
        """;

    /// <summary>Entry point; exit codes: 0 done, 1 failed, 2 bad usage or script, 130 cancelled.</summary>
    public static async Task<int> Main(string[] argv)
    {
        // Not disposed: ProcessExit may still cancel it after Main returns.
        var stop = new CancellationTokenSource();
        var stops = 0;
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C drains and commits what is finished; a second one kills the process.
            if (Interlocked.Increment(ref stops) > 1) return;
            e.Cancel = true;
            Console.Error.WriteLine("stopping: finishing in-flight work (Ctrl+C again to kill)");
            stop.Cancel();
        };
        // Preemption (Slurm, Kubernetes, AWS Batch) sends SIGTERM: treat it as a stop, so finished units are
        // committed and a requeued task resumes from them.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Console.Error.WriteLine("SIGTERM: stopping, committing finished units");
            stop.Cancel();
        });
        return await RunAsync(argv, Console.Out, Console.Error, stop.Token);
    }

    /// <summary>Runs one command line, writing to the given writers (tests call this directly).</summary>
    public static async Task<int> RunAsync(string[] argv, TextWriter @out, TextWriter err, CancellationToken stop)
    {
        try
        {
            var args = CliArguments.Parse(argv);
            return args.Command switch
            {
                "run" => await RunCommand.RunAsync(args, @out, stop),
                "plan" => await PlanCommand.RunAsync(args, @out, stop),
                "inspect" => await InspectCommand.RunAsync(args, @out, stop),
                "search" => await SearchCommand.RunAsync(args, @out, stop),
                "serve" => await Serve.ServeCommand.RunAsync(args, @out, err, stop),
                "launch" => await LaunchCommand.RunAsync(args, @out, err, stop),
                "status" => await StatusCommand.RunAsync(args, @out, stop),
                "query" => await QueryCommand.RunAsync(args, @out, err, stop),
                "report" => await ReportCommand.RunAsync(args, @out, stop),
                "ops" => OpsCommand.Run(args, @out),
                "help" => Help(@out),
                _ => throw new UsageException($"unknown command '{args.Command}'"),
            };
        }
        catch (UsageException e)
        {
            await err.WriteLineAsync($"sluice: {e.Message}\n{Usage}");
            return 2;
        }
        catch (ScriptCompilationException e)
        {
            await err.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            await err.WriteLineAsync($"sluice: {e.Message}");
            return 1;
        }
    }

    private static int Help(TextWriter @out)
    {
        @out.WriteLine(Usage);
        return 0;
    }
}
