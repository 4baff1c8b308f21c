// A tiny pipeline for launcher tests: SciFact abstracts -> clean whitespace -> keep those of at least
// --min-words words -> gzip JSONL shards + _manifest.json. No model, so a rank takes a second or two.
//
//   build/bin/sluice run examples/word-count.csx [--input URI] [--output URI] [--min-words 50] [--unit-bytes 32768]
//   build/bin/sluice launch slurm examples/word-count.csx --world-size 4 --run runs/word-count --output out/word-count

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var minWords = Param("min-words", 50);
// Small byte-range units (32 KiB by default) so even this 320 KB file spreads over several ranks.
var unitBytes = Param("unit-bytes", 32 << 10);

var pipeline = Pipeline.Create("word-count")
    .ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = unitBytes })
    .NormalizeWhitespace()
    .MinWords(minWords)
    .WriteJsonl(Output("out/word-count"))
    .Build();

return pipeline;
