using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Sluice.Operators.Dedup;
using Sluice.Operators.Drama;
using Sluice.Operators.Embedding;
using Sluice.Operators.Images;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Operators.Text.Cleaning;
using Sluice.Operators.Text.Pii;
using Sluice.Operators.Multimodal;
using Sluice.Operators.Text.Quality;
using Sluice.Operators.Training;
using Sluice.Operators.Web.Html;
using Sluice.Operators.Web.Urls;
using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Sluice.Testing.Conformance;

namespace Sluice.Cli.Tests.Conformance;

/// <summary>
/// Every public verb a script can call, with how the conformance suite runs it, or why it does not. A new verb fails
/// <see cref="VerbConformanceTests.EveryPublicVerb_HasACaseOrAnExclusion"/> until it is added here.
/// </summary>
public static class VerbTable
{
    private const string U = VerbRun.UnderTest;

    // Declared before the table: static fields initialise in order.
    private static readonly Document[] Documents =
    [
        new("d1", "One", "alpha beta gamma delta epsilon zeta eta theta. Iota kappa lambda."),
        new("d2", null, "too short"),
        new("d3", "Three", "   "),
        new("d4", "Four", "mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega"),
    ];

    // Rows with text, without it and with a text of another type: annotators measure "" for the last two.
    private static readonly Row[] TextRows =
    [
        .. Documents.Select(d => Row.Of(("id", d.Id), ("text", d.Text))),
        Row.Of(("id", "r-missing")),
        Row.Of(("id", "r-null"), ("text", null)),
    ];

    private static readonly Passage[] Passages = Enumerable.Range(1, 12)
        .Select(i => new Passage($"p{i}", $"d{i}", 0, null, i == 5 ? " " : $"Sentence {i} is here. Another sentence {i} follows it.", 0, 40)).ToArray();

    private static readonly EmbeddedPassage[] Embedded = Passages.Take(3).Select(p => EmbeddedPassage.From(p, [0.5f, -0.25f, 1f])).ToArray();

    private static readonly RetrievedQuery[] Retrieved =
    [
        new(Query("q1"), Enumerable.Range(1, 60).Select(k => new Candidate($"c{k}", $"candidate {k}", 1f / k, k)).ToArray()),
        new(Query("q2"), []),
    ];

    private static readonly MinedExample[] Mined =
    [
        new(Query("q1"), [new Candidate("c1", "positive", 0.9f, 1)], [new Candidate("c40", "negative", 0.1f, 40)]),
        new(Query("q2"), [new Candidate("c2", "positive", 0.8f, 1)], []),
    ];

    public static IReadOnlyList<VerbExclusion> Exclusions { get; } =
    [
        new("Embed(name, parallelism)", "needs an embedding model: in-process MiniLM (ONNX) or an embeddings endpoint"),
        new("EmbedWithTorch(options, name)", "needs the torch operator package and a MiniLM checkpoint"),
        new("IdentifyLanguage(textColumn, options, name)", "needs the language operator package and Lingua's models (seconds to load per language set); tested in Sluice.Operators.Language.Tests"),
        new("IdentifyLanguage(options, name)", "needs the language operator package and Lingua's models; tested in Sluice.Operators.Language.Tests"),
        new("KeepLanguages(options, name)", "needs the language operator package and Lingua's models; tested in Sluice.Operators.Language.Tests"),
        new("GenerateQueries(options, corpus, name)", "needs a chat endpoint (an LLM)"),
        new("RerankListwise(options, name)", "needs a chat endpoint (an LLM)"),
        new("RetrieveCandidates(k, name, parallelism)", "needs a retriever over an embedded datastore (an embedding model)"),
        new("Realign(options, name, parallelism)", "needs a vision-language chat endpoint"),
        new("ScoreAltSimilarity(name)", "needs the MiniLM ONNX model"),
        new("ReadPartitions(name)", "needs a partitioned dataset that an earlier stage wrote (tests/Sluice.Pipelines.Tests/Exchange)"),
        new("ReadGroups(comparer, sortBufferBytes, name)", "needs a partitioned dataset that an earlier stage wrote (tests/Sluice.Pipelines.Tests/Exchange)"),
    ];

    private const string Robust = "no record makes its code throw: null or empty fields are passed on or rejected with a reason";

    public static IReadOnlyList<VerbCase> Cases { get; } =
    [
        // Sources.
        new("Read(name)", r =>
        {
            r.FaultInSource = true;
            return r.End(r.Records(Line.Samples, name: U));
        }),
        new("ReadJsonl(options, name)", r => r.End(Vanish(r, r.Pipeline.ReadJsonl<Line>(JsonlInput(r), name: U)))) { Rejects = true },
        new("ReadTextFiles(name)", r => r.End(Vanish(r, r.Pipeline.ReadTextFiles(TextInput(r), name: U))))
        {
            NoEmpty = "an empty file is one document with empty text, and a folder without files is refused when the run is planned",
        },
        new("ReadParquet(name)", r => r.End(Vanish(r, r.Pipeline.ReadParquet<Line>(ShardInput(r, ".parquet", (s, rows) => WriteParquetAsync(s, rows)), U)))),
        new("ReadArrow(name)", r => r.End(Vanish(r, r.Pipeline.ReadArrow<Line>(ShardInput(r, ".arrow", (s, rows) => WriteArrowAsync(s, rows)), U)))),

        // Filters.
        new("Filter(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .Filter(l => Line.Check(l).N % 3 == 0 ? $"n={l.N} is a multiple of 3" : null, U))) { Rejects = true },
        new("Where(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .Where(l => Line.Check(l).N % 2 == 0, "odd", U))) { Rejects = true },
        new("MinWords(name)", r => r.End(r.Records(Documents).MinWords(3, U))) { Rejects = true, NoFault = Robust },
        new("GopherQuality(options, name)", r => r.End(r.Records(Documents).GopherQuality(d => d.Text, new GopherQualityOptions { MinWords = 5 }, U)))
            { Rejects = true, NoFault = Robust },
        new("GopherRepetition(options, name)", r => r.End(r.Records(Documents).GopherRepetition(d => d.Text, name: U))) { NoFault = Robust },
        new("C4Quality(options, name)", r => r.End(r.Records(Documents, [new Document("poison", "t", null!)]).C4Quality(new C4QualityOptions { MinSentences = 1 }, U)))
            { Rejects = true, NoFault = Robust },
        new("FineWebQuality(options, name)", r => r.End(r.Records(Documents).FineWebQuality(d => d.Text, name: U))) { Rejects = true, NoFault = Robust },
        new("FilterByGopherQuality(options, column, name)", r => r.End(r.Records(TextRows).AnnotateGopherQuality().FilterByGopherQuality(name: U)))
            { Rejects = true, NoFault = Robust },
        new("FilterByGopherRepetition(options, column, name)", r => r.End(r.Records(TextRows).FilterByGopherRepetition(name: U))) { Rejects = true, NoFault = Robust },
        new("FilterByFineWebQuality(options, column, name)", r => r.End(r.Records(TextRows).AnnotateFineWebQuality().FilterByFineWebQuality(name: U)))
            { Rejects = true, NoFault = Robust },
        new("BlockDomains(name)", r => r.End(r.Records(Documents).BlockDomains(d => d.Title, DomainBlocklist.Of(["one"]), U))) { Rejects = true, NoFault = Robust },
        new("ToFloat16(name)", r => r.End(r.Records(Embedded, [Embedded[0] with { Id = "poison", Embedding = null! }]).ToFloat16(U))),
        new("Sample(seed, name)", r => r.End(r.Records(Passages).Sample(0.5, name: U))) { Rejects = true, NoFault = Robust },

        // Transforms.
        new("Map(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison).Map(l => Line.Check(l).N, U))),
        new("MapOrReject(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .MapOrReject(l => Line.Check(l).N % 3 == 0 ? MapResult<int>.Reject($"n={l.N} is a multiple of 3") : MapResult<int>.Ok(l.N), U))) { Rejects = true },
        new("MapBatchOrReject(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .MapBatchOrReject((batch, _) => Task.FromResult<IReadOnlyList<MapResult<int>>>(batch
                .Select(l => Line.Check(l).N % 3 == 0 ? MapResult<int>.Reject($"n={l.N} is a multiple of 3") : MapResult<int>.Ok(l.N)).ToArray()), U))) { Rejects = true },
        new("MapWithOrigin(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison).MapWithOrigin((l, o) => $"{o}: {Line.Check(l).N}", U))),
        new("DropRemoved(name)", r => r.End(r.Records(Line.Samples, Line.Poison).DropRemoved(RemovalSet.Empty, U)))
        {
            NoFault = "it reads only a record's origin, never its content: no record makes it throw",
        },
        new("FlatMap(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .FlatMap(l => Enumerable.Repeat(Line.Check(l), l.N % 3), U))),
        new("RedactPii(options, name)", r => r.End(r.Records(Documents, [new Document("poison", null, null!)]).RedactPii(name: U))) { NoFault = Robust },
        new("RedactPii(column, options, name)", r => r.End(r.Records([Row.Of(("id", "r1"), ("text", "x@y.org at 9.9.9.9")), Row.Of(("id", "r2"))]).RedactPii(name: U)))
        {
            NoFault = Robust,
        },
        new("AnnotateGopherQuality(textColumn, options, column, name)", r => r.End(r.Records(TextRows).AnnotateGopherQuality(name: U))) { NoFault = Robust },
        new("AnnotateGopherRepetition(textColumn, options, column, name)", r => r.End(r.Records(TextRows).AnnotateGopherRepetition(name: U))) { NoFault = Robust },
        new("AnnotateFineWebQuality(textColumn, options, column, name)", r => r.End(r.Records(TextRows).AnnotateFineWebQuality(name: U))) { NoFault = Robust },
        new("Tokenize(options, name)", r => r.End(r.Records(Documents, [new Document("poison", null, null!)]).Tokenize(null, U))) { Rejects = true, NoFault = Robust },
        new("PackTokens(options, name)", r => r.End(r.Records(Documents).Tokenize().PackTokens(new PackOptions { SequenceLength = 8 }, U))) { NoFault = Robust },
        new("PackInterleaved(options, name)", r => r.End(r.Records(
            [new InterleavedDocument("m1", [new ModalSpan("text", [1, 2, 3]), new ModalSpan("image", [7, 7, 7, 7])]), new InterleavedDocument("m2", [new ModalSpan("text", [4])]),
                new InterleavedDocument("long-image", [new ModalSpan("image", [.. Enumerable.Repeat(9, 20)])])],
            [new InterleavedDocument("empty", []), new InterleavedDocument("null-tokens", [new ModalSpan("text", null!)])])
            .PackInterleaved(new InterleavedPackOptions { SequenceLength = 8 }, U))) { Rejects = true, NoFault = Robust },
        new("ExtractMainText(options, name)", r => r.End(r.Records(
            [Page("p1", 200, "<html><head><title>One</title></head><body><article><p>The first page says something about rivers and the sea.</p></article></body></html>"),
                Page("p2", 404, "<html><body><p>gone</p></body></html>")],
            [Page("poison", 200, null!), Page("binary", 200, "\0\0\0")]).ExtractMainText(name: U))) { Rejects = true, NoFault = Robust },
        new("NormalizeWhitespace(name)", r => r.End(r.Records(Documents, [new Document("poison", "t", null!)]).NormalizeWhitespace(U))),
        new("Chunk(options, name)", r => r.End(r.Records(Documents).Chunk(new ChunkOptions { Words = 3 }, U))) { Rejects = true, NoFault = Robust },
        new("Chunk(prependTitle, name)", r => r.End(r.Records(Documents).Chunk(3, prependTitle: false, name: U))) { Rejects = true, NoFault = Robust },
        new("ChunkTokens(options, name)", r => r.End(r.Records(Documents, [new Document("poison", "t", "poison")])
            .ChunkTokens(CountWords, new TokenChunkOptions { Tokens = 4 }, U))) { Rejects = true },
        new("CropSentences(options, corpus, name)", r => r.End(r.Records(Passages).CropSentences(name: U))) { Rejects = true, NoFault = Robust },
        new("MineLabels(options, name)", r => r.End(r.Records(Retrieved, [Retrieved[0] with { Candidates = null! }]).MineLabels(name: U))) { Rejects = true },
        new("ToDprExamples(name)", r => r.End(r.Records(Mined, [Mined[0] with { Positives = null! }]).ToDprExamples(U))),
        new("ToTrainingRows(name)", r => r.End(r.Records(Mined, [Mined[0] with { Positives = null! }]).ToTrainingRows(U))),

        // Inference without a model: the delegate is the model.
        new("MapBatch(name, parallelism)", r => r.End(r.Records(Line.Samples, Line.Poison)
            .MapBatch<int>((batch, _) => Task.FromResult<IReadOnlyList<int>>(batch.Select(l => Line.Check(l).N).ToArray()), U))),

        // Stateful.
        new("Aggregate(name)", r => r.End(r.Records(Line.Samples, Line.Poison).Aggregate(_ => new CountLines(), U))),

        // Merge.
        new("Merge(name)", r =>
        {
            var a = r.Records(Line.Samples, name: "records-a");
            var b = r.Records(Line.Samples.Select(l => l with { Id = "b" + l.Id }).ToArray(), name: "records-b");
            return r.End(a.Merge([b], U));
        }) { NoFault = "a merge runs no code on records: its faults come from its inputs" },

        // Images.
        new("ReadParquetImages(name)", r => r.End(Vanish(r, r.Pipeline.ReadParquetImages(ShardInputOf<ParquetImageRow>(r, ".parquet",
            i => [new ParquetImageRow($"u{i}", ImageSamples.Png(1), ["alt"], null), new ParquetImageRow($"v{i}", null, ["no bytes"], null)]), U)))),
        new("ReadHtmlImages(name)", r => r.End(Vanish(r, r.Pipeline.ReadHtmlImages(Inputs(r, ".html", i => Encoding.UTF8.GetBytes(
            $"<html><body><p>page {i}</p><img src=\"data:image/png;base64,{Convert.ToBase64String(ImageSamples.Png(1))}\" alt=\"a circle\"><img alt=\"no src\"></body></html>")), U)))) { Rejects = true },
        new("ReadWebDataset(name)", r => r.End(Vanish(r, r.Pipeline.ReadWebDataset(Inputs(r, ".tar", i => Tar(r, i), emptyIsValid: true), U)))),

        // Web.
        new("ReadWarc(options, name)", r => r.End(Vanish(r, r.Pipeline.ReadWarc(Inputs(r, ".warc.gz", i => Warc(r, i), emptyIsValid: true), name: U)))) { Rejects = true },
        new("PrepareImages(options, name, parallelism)", r => r.End(r.Records(ImageSamples.Pairs, [null!]).PrepareImages(name: U))) { Rejects = true },
        new("CleanAltTexts(options, name)", r => r.End(r.Records(ImageSamples.Prepared, [ImageSamples.Prepared[0] with { AltTexts = null! }])
            .CleanAltTexts(new AltTextOptions { RequireAltText = true }, U))) { Rejects = true },
        new("DedupImages(maxDistance, name)", r => r.End(r.Records(ImageSamples.Prepared, [null!]).DedupImages(name: U))) { Rejects = true },
        new("BuildTrainingPairs(builder, name)", r => r.End(r.Records(ImageSamples.Prepared, [ImageSamples.Prepared[0] with { AltTexts = null! }])
            .BuildTrainingPairs(name: U))),
        new("Unwrap(name, parallelism)", r => r.End(r.Records<MapResult<Line>>(
            [MapResult<Line>.Ok(Line.Samples[0]), MapResult<Line>.Reject("not usable")], [default]).Unwrap(U))) { Rejects = true },
        new("WriteAltogetherJson(name)", r => r.Tap(r.Records(ImageSamples.Captions, [ImageSamples.Captions[0] with { Uuid = null! }]))
            .WriteAltogetherJson(r.Output, U)),

        // Sinks.
        new("Write(name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).Write(new JsonlSink<Cell>(r.Output, Compression.None), U)),
        new("WriteJsonl(compression, options, name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).WriteJsonl(r.Output, name: U)),
        new("WriteParquet(rowGroupBytes, options, name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).WriteParquet(r.Output, name: U)),
        new("WritePartitioned(compression, name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).WritePartitioned(r.Output, c => c.Id, 3, name: U)),
        new("WritePartitionedByHash(compression, name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).WritePartitionedByHash(r.Output, c => (ulong)c.N, 3, name: U)),
        new("WriteArrowShards(shardBytes, metadata, name)", r => r.Tap(r.Records(Cell.Samples, Cell.Poison)).WriteArrowShards(r.Output, name: U)),
    ];

    private static PseudoQuery Query(string id) => new(id, $"query {id}", "p1", "source text", "crop");

    private static int CountWords(string text) =>
        text == "poison" ? throw new InvalidOperationException("this token counter refuses the poison") : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    // Under the fault check a source reads a folder of many small inputs and one last input that the first record
    // downstream deletes: bounded links keep the source far from the last input then, so its open fails with the
    // store's error (not a bad record), which must fault the run under the source's name.
    private const int Leading = 40;

    private static string JsonlInput(VerbRun r) => Inputs(r, ".jsonl", i => Encoding.UTF8.GetBytes(
        string.Join("\n", Line.Samples.Select(l => $$"""{"id":"{{l.Id}}-{{i}}","n":{{l.N}},"text":"{{l.Text}}"}""")) + "\n{\"id\": broken\n"));

    private static string TextInput(VerbRun r) => Inputs(r, ".txt", i => Encoding.UTF8.GetBytes($"page {i}\nwith two lines\n"));

    private static string ShardInput(VerbRun r, string extension, Func<Stream, IReadOnlyList<Line>, Task> write) => Inputs(r, extension, i =>
    {
        using var buffer = new MemoryStream();
        write(buffer, r.Check == VerbCheck.Empty ? [] : Line.Samples.Select(l => l with { Id = $"{l.Id}-{i}" }).ToArray()).GetAwaiter().GetResult();
        return buffer.ToArray();
    }, emptyIsValid: true);

    private static string ShardInputOf<T>(VerbRun r, string extension, Func<int, IReadOnlyList<T>> rows) => Inputs(r, extension, i =>
    {
        using var buffer = new MemoryStream();
        var writer = new ParquetShardWriter<T>(buffer);
        writer.WriteAsync(r.Check == VerbCheck.Empty ? [] : rows(i)).AsTask().GetAwaiter().GetResult();
        writer.CompleteAsync().AsTask().GetAwaiter().GetResult();
        return buffer.ToArray();
    }, emptyIsValid: true);

    /// <summary>A WebDataset shard: an image with its texts, and one sample whose image is not an image (a reject).</summary>
    private static byte[] Tar(VerbRun r, int i)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string name, byte[] data)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };
                tar.WriteEntry(entry);
            }
            if (r.Check != VerbCheck.Empty)
            {
                Add($"s{i}.png", ImageSamples.Png(1));
                Add($"s{i}.json", Encoding.UTF8.GetBytes("""{"texts": [["alt", "a circle"]]}"""));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A .warc.gz, one gzip member per record as Common Crawl writes them: a response with an HTML page, then a record
    /// whose version line is damaged (a reject); empty under the empty check.
    /// </summary>
    private static WarcEntry Page(string id, int status, string html) => new("response", $"<urn:uuid:{id}>", $"http://example.org/{id}", null,
        "application/http; msgtype=response", status, [], "text/html; charset=utf-8", "utf-8", "header",
        html is null ? null : Encoding.UTF8.GetBytes(html), html, 0, "memory", 0);

    private static byte[] Warc(VerbRun r, int i)
    {
        if (r.Check == VerbCheck.Empty) return [];
        using var file = new MemoryStream();
        void Member(string record)
        {
            using var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
            gz.Write(Encoding.UTF8.GetBytes(record));
        }
        var http = $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>page {i}</p></body></html>";
        Member($"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:D12}>\r\n" +
            $"WARC-Target-URI: http://example.org/{i}\r\nContent-Type: application/http; msgtype=response\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(http)}\r\n\r\n{http}\r\n\r\n");
        Member("WARX/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
        return file.ToArray();
    }

    /// <summary>
    /// The input folder: one file, or <see cref="Leading"/> files and a last one to delete under the fault check (and
    /// under the stop check, so the source is still reading when the first record asks for the stop).
    /// </summary>
    private static string Inputs(VerbRun r, string extension, Func<int, byte[]> content, bool emptyIsValid = false)
    {
        var count = r.Check is VerbCheck.Fault or VerbCheck.Cancel ? Leading + 1 : 1;
        string? path = null;
        for (var i = 0; i < count; i++)
        {
            var bytes = content(i);
            path = r.InputFile($"{(i == Leading ? "z-last" : $"a-{i:D3}")}{extension}", bytes, emptyIsValid ? bytes : []);
        }
        return Path.GetDirectoryName(path)!;
    }

    /// <summary>Under the fault check, deletes the last input when the first record gets here.</summary>
    private static Flow<T> Vanish<T>(VerbRun r, Flow<T> flow) => flow.Map(x =>
    {
        if (r.Check == VerbCheck.Fault)
            foreach (var last in Directory.GetFiles(Path.Combine(r.Folder, "in"), "z-last*")) File.Delete(last);
        return x;
    }, "vanish");

    private static async Task WriteParquetAsync(Stream s, IReadOnlyList<Line> rows)
    {
        await using var writer = new ParquetShardWriter<Line>(s);
        await writer.WriteAsync(rows);
    }

    private static async Task WriteArrowAsync(Stream s, IReadOnlyList<Line> rows)
    {
        await using var writer = new ArrowShardWriter<Line>(s);
        await writer.WriteAsync(rows, CancellationToken.None);
    }

    /// <summary>Counts a unit's lines; refuses the poison.</summary>
    private sealed class CountLines : IUnitAccumulator<Line, int>
    {
        private int _count;

        public void Add(Line record) { Line.Check(record); _count++; }

        public IEnumerable<int> Complete() => _count == 0 ? [] : [_count];
    }
}
