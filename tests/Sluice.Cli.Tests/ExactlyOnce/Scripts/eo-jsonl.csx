// Test pipeline for the exactly-once integration tests: JSONL documents in small byte-range units
// (--unit-bytes, default 10 KiB: ~32 units for the SciFact abstracts) -> a per-record Map that can sleep
// (--delay-ms, so kills land mid-run) and marks each record -> gzip JSONL shards. With --checkpoint-records N
// (and a small --batch-size) units also checkpoint part-way, so kills land between and during checkpoints too.
//
//   build/bin/sluice run eo-jsonl.csx --input FILE --output URI --run URI [--delay-ms 5] [--unit-bytes 10240]
//                                     [--batch-size 1024] [--checkpoint-records 0]

var input = Param("input", Path.Combine(ScriptDirectory, "../../../../examples/data/scifact-abstracts.jsonl"));
var delayMs = Param("delay-ms", 0);
var unitBytes = Param("unit-bytes", 10 << 10);
var options = new PipelineOptions { BatchSize = Param("batch-size", 1024), CheckpointRecords = Param("checkpoint-records", 0) };

var pipeline = Pipeline.Create("eo-jsonl", options)
    .ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = unitBytes })
    .Map(d =>
    {
        if (delayMs > 0) Thread.Sleep(delayMs);
        return d with { Title = "[eo] " + (d.Title ?? "") };
    }, name: "mark", parallelism: 1)
    .WriteJsonl(Output("out/eo-jsonl"))
    .Build();

return pipeline;
