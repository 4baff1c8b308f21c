using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Operators.Text;
using Sluice.Operators.Training;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Engine;

/// <summary>
/// Tokenization throughput on one core: the <c>Tokenize</c> verb (and <c>Tokenize</c> + <c>PackTokens</c>) through the
/// engine against Microsoft.ML.Tokenizers' <c>EncodeToIds</c> called alone in a loop over the same texts.
/// </summary>
public static class TokenizeBench
{
    /// <summary>Loads the documents of a plain JSONL file.</summary>
    public static List<Document> LoadPool(string jsonl) =>
        File.ReadLines(jsonl).Select(l => JsonSerializer.Deserialize<Document>(l, SluiceJson.Options)!).ToList();

    /// <summary>Times each side <paramref name="repeats"/> times over <paramref name="records"/> documents drawn
    /// cyclically from <paramref name="pool"/> and keeps the fastest (least CPU) of each.</summary>
    public static async Task<JsonObject> RunAsync(IReadOnlyList<Document> pool, long records, string tokenizerName, string scratch, int repeats)
    {
        var options = new TokenizeOptions { Tokenizer = tokenizerName };
        var tokenizer = TrainingTokenizer.Load(options).Inner;
        // Warm-up: vocabulary load, JIT and the tokenizer's word cache, for every side alike.
        Loop(tokenizer, pool, records / 10);
        await EngineAsync(pool, records / 10, options, pack: false, scratch);
        Measurement? loop = null, engine = null, packed = null;
        long tokens = 0;
        for (int r = 0; r < repeats; r++)
        {
            var (t, m) = await Measurement.TimeAsync(() => Task.FromResult(Loop(tokenizer, pool, records)));
            if (loop is null || m.CpuSeconds < loop.Value.CpuSeconds) (loop, tokens) = (m, t);
            var (_, e) = await Measurement.TimeAsync(() => EngineAsync(pool, records, options, pack: false, scratch));
            if (engine is null || e.CpuSeconds < engine.Value.CpuSeconds) engine = e;
            var (_, p) = await Measurement.TimeAsync(() => EngineAsync(pool, records, options, pack: true, scratch));
            if (packed is null || p.CpuSeconds < packed.Value.CpuSeconds) packed = p;
        }
        // Tokens counted by the loop include no end-of-text id; the verb appends one a document.
        return new JsonObject
        {
            ["bench"] = "tokenize",
            ["tokenizer"] = tokenizerName,
            ["documents"] = records,
            ["tokens"] = tokens,
            ["loop_cpu_s"] = loop!.Value.CpuSeconds,
            ["loop_tokens_per_cpu_s"] = Math.Round(tokens / loop.Value.CpuSeconds),
            ["engine_tokenize_cpu_s"] = engine!.Value.CpuSeconds,
            ["engine_tokenize_tokens_per_cpu_s"] = Math.Round(tokens / engine.Value.CpuSeconds),
            ["engine_tokenize_pack_cpu_s"] = packed!.Value.CpuSeconds,
            ["engine_tokenize_pack_tokens_per_cpu_s"] = Math.Round(tokens / packed.Value.CpuSeconds),
        };
    }

    private static long Loop(Microsoft.ML.Tokenizers.Tokenizer tokenizer, IReadOnlyList<Document> pool, long records)
    {
        long tokens = 0;
        for (long i = 0; i < records; i++) tokens += tokenizer.EncodeToIds(pool[(int)(i % pool.Count)].Text).Count;
        return tokens;
    }

    private static async Task<long> EngineAsync(IReadOnlyList<Document> pool, long records, TokenizeOptions options, bool pack, string scratch)
    {
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        var one = new PipelineOptions { Parallelism = 1, SourceParallelism = 1 };
        var tokenized = Pipeline.Create("bench-tokenize", one).Read(new InMemorySource<Document>(pool, records, 16)).Tokenize(options);
        long count;
        if (pack)
        {
            var sink = new CountingSink<PackedSequence>(scratch);
            await RunAsync(tokenized.PackTokens().Write(sink).Build());
            count = sink.Records;
        }
        else
        {
            var sink = new CountingSink<TokenizedDocument>(scratch);
            await RunAsync(tokenized.Write(sink).Build());
            count = sink.Records;
            if (count != records) throw new InvalidOperationException($"engine tokenized {count} documents of {records}");
        }
        return count;
    }

    private static async Task RunAsync(Pipeline pipeline)
    {
        var result = await PipelineRunner.RunAsync(pipeline);
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"engine run ended {result.Status}: {result.Error}");
    }
}
