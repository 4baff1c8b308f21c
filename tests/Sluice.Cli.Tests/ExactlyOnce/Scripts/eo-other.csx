// A different pipeline (another name and operator) over the same input, for the "resume with another pipeline"
// test: a run folder made by eo-jsonl.csx must refuse it.
var input = Param("input", Path.Combine(ScriptDirectory, "../../../../examples/data/scifact-abstracts.jsonl"));
var unitBytes = Param("unit-bytes", 10 << 10);

var pipeline = Pipeline.Create("eo-other")
    .ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = unitBytes })
    .NormalizeWhitespace()
    .WriteJsonl(Output("out/eo-other"))
    .Build();

return pipeline;
