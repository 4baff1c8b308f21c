// A seeded global shuffle of a JSONL corpus (any columns; lines are written back unchanged), the Memory Layers data
// preparation: shuffled lines dealt round-robin into N chunk datasets (--output/chunk.00/, chunk.01/, ...), the first
// K lines of each chunk moved to --output/val/, the counts in --output/shuffle-counts.json. The same seed and input
// give the same chunks on any number of ranks (docs/shuffle.md).
//
//   build/bin/sluice run examples/shuffle.csx --input DIR_OR_GLOB --output DIR [--seed 42] [--chunks 32] [--held-out 10000]
//                                    [--partitions 16] [--units-per-chunk 1] [--sort-buffer-mib 64]
//                                    [--exchange-compression zstd|gzip|none]
//   build/bin/sluice launch slurm examples/shuffle.csx --world-size 4 --run /shared/shuffle-run --input ... --output ...
//
// The default input is the bundled SciFact sample with planted duplicates (examples/data/README.md).

var output = Output("out/shuffle");
var options = new ShuffleOptions
{
    Input = Param("input", Path.Combine(ScriptDirectory, "data/near-duplicates.jsonl")),
    Output = output,
    Work = Param("work", output.TrimEnd('/') + "-work"),
    Seed = Param("seed", 42),
    Chunks = Param("chunks", 32),
    HeldOutPerChunk = Param("held-out", 10_000),
    Partitions = Param("partitions", 16),
    UnitsPerChunk = Param("units-per-chunk", 1),
    // JSON a partition sorts in memory before spilling sorted runs to TMPDIR.
    SortBufferBytes = (long)Param("sort-buffer-mib", 64) << 20,
    // zstd (default), gzip or none for the exchanges under --work: each open exchange shard holds a compressor.
    ExchangeCompression = Enum.Parse<Compression>(Param("exchange-compression", "zstd"), ignoreCase: true),
};

return Workflow.Create("shuffle").AddGlobalShuffleStages(options);
