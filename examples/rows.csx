// Data without a record type: read any JSONL, Parquet or Arrow file as Row (its own columns and types), filter
// and edit rows, and write them with their types kept. The default input is the bundled SciFact abstracts; point
// --input at any Parquet export (a Hugging Face dataset, a Spark job's output) and it works the same.
//
//   build/bin/sluice run examples/rows.csx [--input URI] [--output URI] [--min-words 50]
//   build/bin/sluice query "SELECT words, title FROM dataset('out/rows') ORDER BY words DESC LIMIT 5"

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var minWords = Param("min-words", 50);

// Rows read from Parquet or Arrow keep the file's format; a folder or glob of them works as one input.
var rows = input.EndsWith(".parquet") ? Pipeline.Create("rows").ReadParquet<Row>(input)
    : input.EndsWith(".arrow") ? Pipeline.Create("rows").ReadArrow<Row>(input)
    : Pipeline.Create("rows").ReadJsonl<Row>(input);

return rows
    .Where(r => r.Has("text"), "no text column")
    .Map(r => r.With("words", (long)r.Get<string>("text")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length))
    .Where(r => r.Get<long>("words") >= minWords, $"fewer than {minWords} words")
    .WriteParquet(Output("out/rows"))
    .Build();
