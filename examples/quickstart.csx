// The ten-line pipeline of the README: build/bin/sluice run examples/quickstart.csx --output out/clean
var pipeline = Pipeline.Create("clean-abstracts")
    .ReadJsonl<Document>(Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl")))  // {id, title, text}
    .NormalizeWhitespace()
    .MinWords(50)                                   // shorter documents are rejects, with the reason
    .Map(d => d with { Title = d.Title?.Trim() })
    .WriteParquet(Output("out/clean"))              // shards + _manifest.json + stats.json
    .Build();                                       // validates the graph; no I/O yet
return pipeline;
