// Training-ready output from a JSONL corpus ({id, title, text}): tokenize (Microsoft.ML.Tokenizers), append the
// end-of-text id, pack each work unit into fixed-length sequences with document segments (Parquet under
// --output/packed), then, on one rank after every rank's part, the Megatron-LM indexed dataset
// --output/tokens.bin + --output/tokens.idx (uint16 or int32 as its header states). docs/training-data.md.
//
//   build/bin/sluice run examples/training-data.csx [--input FILE.jsonl] [--output DIR] [--seq-len 2048]
//                    [--tokenizer gpt2|cl100k_base|o200k_base] [--tail pad|drop] [--layout documents|sequences]

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var output = Output("out/training-data");
var seqLen = Param("seq-len", 2048);
var tokenize = new TokenizeOptions { Tokenizer = Param("tokenizer", TokenizerPresets.Gpt2) };
var tail = Param("tail", "pad") switch
{
    "pad" => PackTail.Pad,
    "drop" => PackTail.Drop,
    var other => throw new ArgumentException($"--tail must be pad or drop, got '{other}'"),
};
var layout = Param("layout", "documents") switch
{
    "documents" => MegatronLayout.Documents,
    "sequences" => MegatronLayout.Sequences,
    var other => throw new ArgumentException($"--layout must be documents or sequences, got '{other}'"),
};
var packed = output.TrimEnd('/') + "/packed";

return Workflow.Create("training-data")
    .Stage("pack", () => Pipeline.Create("training-data")
        .ReadJsonl<Document>(input)
        .Tokenize(tokenize)
        .PackTokens(new PackOptions { SequenceLength = seqLen, Tail = tail })
        .WriteParquet(packed).Build())
    .Step("megatron", async ct =>
    {
        var result = await MegatronExport.WriteAsync(packed, output, new MegatronExportOptions
        {
            VocabularySize = TrainingTokenizer.Load(tokenize).VocabularySize, Layout = layout,
        }, ct);
        Console.WriteLine($"{result.IdxUri}: {result.TokenType}, {result.Items} items, {result.Documents} documents, {result.Tokens} tokens from {result.PackedSequences} packed sequences");
    });
