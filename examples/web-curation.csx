// Web-corpus curation to training-ready tokens (FineWeb/DCLM-style), from crawled WARCs:
//   WARC responses -> main text (Readability) -> language (Lingua) -> Gopher quality + repetition, FineWeb rules
//   -> e-mail/IP/phone redaction -> exact dedup across ranks -> tokenize + pack -> Megatron-LM indexed dataset.
// Writes the curated text dataset under --output/text/ (JSONL with language and score), packed token sequences under
// --output/packed/ (Parquet), and --output/tokens.bin + --output/tokens.idx (uint16 or int32 as the header states);
// every dropped page is a reject with its reason under the _rejects/ of the stage that dropped it.
//
//   build/bin/sluice run examples/web-curation.csx [--input 'GLOB of .warc.gz'] [--output DIR] [--seq-len 2048]
//        [--tokenizer gpt2|cl100k_base|o200k_base] [--languages en,de,fr] [--min-language-score 0.65] [--unit-bytes N]
//   build/bin/sluice launch slurm examples/web-curation.csx --world-size 2 --run RUN --input ... --output DIR
//
// The default input is a real wget crawl of GIMP and Node.js documentation pages (examples/data/README.md).
#r "sluice: language"

var input = Param("input", Path.Combine(ScriptDirectory, "data/web/crawl.warc.gz"));
var output = Output("out/web-curation").TrimEnd('/');
var work = Param("work", output + "-work");
var seqLen = Param("seq-len", 2048);
var tokenize = new TokenizeOptions { Tokenizer = Param("tokenizer", TokenizerPresets.Gpt2) };
var kept = Param("languages", "en").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
var minScore = Param("min-language-score", 0.65);
// Large .warc.gz files are read as byte-range units of about this size, cut at gzip members, so ranks share a file.
var unitBytes = Param("unit-bytes", 256 << 20);
var curated = work + "/curated";
var text = output + "/text";
var packed = output + "/packed";

Pipeline Curate() => Pipeline.Create("web-curate")
    .ReadWarc(input, new WarcSourceOptions { UnitBytes = unitBytes })
    .ExtractMainText()
    .Map(p => new CuratedPage(p.Id ?? $"{p.Source}@{p.Offset}", p.Url, p.Title, p.Text, null, 0), "to-page")
    .IdentifyLanguage(p => p.Text, (p, g) => p with { Language = g.Language, LanguageScore = g.Score },
        new LanguageOptions { Languages = [.. LanguageOptions.CommonWebLanguages.Union(kept)] })
    .Filter(p => p.Language is { } l && kept.Contains(l) && p.LanguageScore >= minScore
        ? null : $"language {p.Language ?? "none"} (score {p.LanguageScore:0.###}) not kept", "keep-languages")
    .GopherQuality(p => p.Text)
    .GopherRepetition(p => p.Text)
    // FineWeb's rules were set on trafilatura's output, one line per paragraph; main text here parts paragraphs with a
    // blank line (Gopher's paragraph rule needs it), so FineWeb reads the text with the blank lines taken out.
    .FineWebQuality(p => p.Text.Replace("\n\n", "\n"))
    .Map(p => p with { Text = PiiRedactor.Redact(p.Text, new PiiOptions()).Text }, "redact-pii")
    .WriteJsonl(curated)
    .Build();

Pipeline Pack() => Pipeline.Create("web-pack")
    .ReadJsonl<Document>(text)
    .Tokenize(tokenize)
    .PackTokens(new PackOptions { SequenceLength = seqLen })
    .WriteParquet(packed)
    .Build();

return Workflow.Create("web-curation")
    .Stage("curate", Curate)
    .AddDedupStages(new DedupOptions { Input = curated, Output = text, Work = work + "/dedup", Modes = DedupModes.Exact, Partitions = 4 })
    .Stage("pack", Pack)
    .Step("megatron", async ct =>
    {
        var result = await MegatronExport.WriteAsync(packed, output, new MegatronExportOptions
        {
            VocabularySize = TrainingTokenizer.Load(tokenize).VocabularySize,
        }, ct);
        Console.WriteLine($"{result.IdxUri}: {result.TokenType}, {result.Items} items, {result.Documents} documents, {result.Tokens} tokens");
    });

/// <summary>A curated page: its text, where it came from and the language identified.</summary>
record CuratedPage(string Id, string? Url, string? Title, string Text, string? Language, double LanguageScore);
