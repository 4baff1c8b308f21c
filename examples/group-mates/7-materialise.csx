// Group-MATES stage 7: the documents kept by stage 6 (selection/selected.jsonl) as a Sluice dataset.
// Stages 1–6 run with the sluice-group-mates console (TorchSharp); see README.md next to this script.
//
//   build/bin/sluice run examples/group-mates/7-materialise.csx --docs corpus.jsonl --work out/group-mates [--output URI]
//
// Every document not selected is rejected with the reason "not selected by Group-MATES" (in _rejects/), so the
// input is accounted for record by record.

var docs = Param("docs", Path.Combine(ScriptDirectory, "../data/scifact-abstracts.jsonl"));
var work = Param("work", "out/group-mates");
// Read when the run starts, not when the script declares the pipeline (plan and compile checks do no I/O).
var keep = new Lazy<HashSet<string>>(() => File.ReadLines(Path.Combine(work, "selection", "selected.jsonl"))
    .Select(line => System.Text.Json.JsonSerializer.Deserialize<SelectedDocument>(line, SluiceJson.Options)!.Id)
    .ToHashSet(StringComparer.Ordinal));

var pipeline = Pipeline.Create("group-mates-materialise")
    .ReadJsonl<Document>(docs)
    .Where(d => keep.Value.Contains(d.Id), "not selected by Group-MATES", name: "selected")
    .WriteJsonl(Output(Path.Combine(work, "selected")))
    .Build();

return pipeline;
