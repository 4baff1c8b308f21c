// The benchmark's filter job, run through the CLI to measure peak RSS at 1x and 10x input:
// gzip JSONL documents -> keep those of at least --min-words words -> gzip JSONL shards.
//
//   build/bin/sluice run bench/Sluice.Bench.Engine/scripts/min-words.csx --input bench/data/corpus --output out/bench

var input = Param("input", "bench/data/corpus/*.jsonl.gz");
var minWords = Param("min-words", 50);

var pipeline = Pipeline.Create("bench-min-words")
    .ReadJsonl<Document>(input)
    .MinWords(minWords)
    .WriteJsonl(Output("out/bench-min-words"))
    .Build();

return pipeline;
