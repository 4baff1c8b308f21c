// Test workflow for the workflow tests: stage "clean" (JSONL -> documents of >= --min-words words -> JSONL dataset,
// in small byte-range units so two ranks share it), step "count" (counts clean's records into count.txt and appends a
// line to steps.log, so tests can count how often it ran), stage "to-parquet" (reads clean's dataset -> Parquet).
//
//   sluice run wf-three.csx --work DIR --run RUN [--rank R --world-size N] [--stage NAME]

var input = Param("input", Path.Combine(ScriptDirectory, "../../../../examples/data/scifact-abstracts.jsonl"));
var work = Param("work", "out/wf-three");
var minWords = Param("min-words", 150);
var unitBytes = Param("unit-bytes", 16 << 10);
var clean = Path.Combine(work, "clean");

return Workflow.Create("wf-three")
    .Stage("clean", () => Pipeline.Create("wf-clean")
        .ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = unitBytes })
        .MinWords(minWords)
        .WriteJsonl(clean)
        .Build())
    .Step("count", async ct =>
    {
        var records = await RecordCollector.CollectAsync(p => p.ReadJsonl<Document>(clean), ct);
        await File.AppendAllTextAsync(Path.Combine(work, "steps.log"), $"count {records.Count}\n", ct);
        await File.WriteAllTextAsync(Path.Combine(work, "count.txt"), records.Count.ToString(), ct);
    })
    .Stage("to-parquet", () => Pipeline.Create("wf-parquet")
        .ReadJsonl<Document>(clean)
        .WriteParquet(Path.Combine(work, "parquet"))
        .Build());
