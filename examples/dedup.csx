// Deduplication of a JSONL corpus ({id, title, text}, or any columns: rows are written back unchanged): exact
// duplicates by normalised text, then near-duplicates by MinHash-LSH (word 5-grams, 14 bands x 8 rows), each found
// through the exchange so documents on different ranks meet. Kept documents land in --output; every removed one is a
// reject under --output/_rejects whose reason names the rule, the kept document's id and the similarity.
//
//   build/bin/sluice run examples/dedup.csx [--input FILE.jsonl] [--output DIR] [--mode exact,minhash|semantic|all] [--work DIR]
//   build/bin/sluice launch slurm examples/dedup.csx --world-size 4 --run /shared/dedup-run --input ... --output ...
//
// The default input is a bundled sample of SciFact abstracts with planted duplicates (examples/data/README.md).

var output = Output("out/dedup");
var mode = Param("mode", "exact,minhash");
var options = new DedupOptions
{
    Input = Param("input", Path.Combine(ScriptDirectory, "data/near-duplicates.jsonl")),
    Output = output,
    Work = Param("work", output.TrimEnd('/') + "-work"),
    // A comma-separated list of methods; "all" adds SemDeDup (MiniLM embeddings, k-means, cosine >= 0.99).
    Modes = (mode == "all" ? "exact,minhash,semantic" : mode).Split(',').Aggregate(DedupModes.None, (modes, m) => modes | m.Trim() switch
    {
        "exact" => DedupModes.Exact,
        "minhash" => DedupModes.MinHash,
        "semantic" => DedupModes.Semantic,
        _ => throw new ArgumentException($"--mode takes exact, minhash, semantic (comma-separated) or all, not '{m}'"),
    }),
    Partitions = Param("partitions", 8),
};

return Workflow.Create("dedup").AddDedupStages(options);
