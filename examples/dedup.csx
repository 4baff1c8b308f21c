// Deduplication of a JSONL corpus ({id, title, text}, or any columns: rows are written back unchanged): exact
// duplicates by normalised text, then near-duplicates by MinHash-LSH (word 5-grams, 14 bands x 8 rows), each found
// through the exchange so documents on different ranks meet. Kept documents land in --output; every removed one is a
// reject under --output/_rejects whose reason names the rule, the kept document's id and the similarity.
//
//   build/bin/sluice run examples/dedup.csx [--input FILE.jsonl] [--output DIR] [--mode exact|minhash|all] [--work DIR]
//   build/bin/sluice launch slurm examples/dedup.csx --world-size 4 --run /shared/dedup-run --input ... --output ...
//
// The default input is a bundled sample of SciFact abstracts with planted duplicates (examples/data/README.md).

var output = Output("out/dedup");
var mode = Param("mode", "all");
var options = new DedupOptions
{
    Input = Param("input", Path.Combine(ScriptDirectory, "data/near-duplicates.jsonl")),
    Output = output,
    Work = Param("work", output.TrimEnd('/') + "-work"),
    Modes = mode switch
    {
        "exact" => DedupModes.Exact,
        "minhash" => DedupModes.MinHash,
        "all" => DedupModes.Exact | DedupModes.MinHash,
        _ => throw new ArgumentException($"--mode must be exact, minhash or all, not '{mode}'"),
    },
    Partitions = Param("partitions", 8),
};

return Workflow.Create("dedup").AddDedupStages(options);
