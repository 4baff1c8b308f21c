using System.Text.Json;
using AngleSharp.Html.Parser;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Xunit.Abstractions;

namespace Sluice.Operators.Images.Tests.Altogether;

[Trait("Category", "Integration")]
public sealed class AltogetherPipelineTests(ITestOutputHelper output)
{
    private const int PageStride = 4; // every 4th gimp-help page: a few hundred images, all of them accounted for

    [Fact]
    public async Task GimpHelpPages_ThroughLoopbackTestDouble_EveryImageCaptionedOrRejectedWithReason()
    {
        var help = GimpHelp.Folder();
        var work = Directory.CreateTempSubdirectory("altogether-gimp-");
        try
        {
            // A sample of pages beside a link to the images folder, so src="images/…" resolves as in the package.
            var pages = Directory.GetFiles(help, "*.html").Order(StringComparer.Ordinal).Where((_, i) => i % PageStride == 0).ToArray();
            var input = Directory.CreateDirectory(Path.Combine(work.FullName, "pages"));
            foreach (var page in pages) File.Copy(page, Path.Combine(input.FullName, Path.GetFileName(page)));
            Directory.CreateSymbolicLink(Path.Combine(input.FullName, "images"), Path.Combine(help, "images"));

            // Independently of the pipeline: every <img>, and for each decodable image the bytes a model must receive
            // and the alt-text prompts acceptable for them.
            var preprocessor = new ImagePreprocessor();
            var cleaner = new AltTextCleaner();
            var prompts = new AltPromptBuilder();
            var expected = new Dictionary<string, HashSet<string>>();
            var totalImages = 0;
            var parser = new HtmlParser();
            foreach (var page in pages)
            {
                using var doc = parser.ParseDocument(File.ReadAllText(page));
                foreach (var img in doc.QuerySelectorAll("img"))
                {
                    totalImages++;
                    var src = img.GetAttribute("src");
                    var path = src is null ? null : Path.Combine(help, src);
                    if (path is null || !File.Exists(path)) continue;
                    var (prepared, _) = preprocessor.Prepare(File.ReadAllBytes(path));
                    if (prepared is null) continue;
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(prepared.ModelImage));
                    var alt = img.GetAttribute("alt");
                    var prompt = prompts.Build(cleaner.CleanAll(alt is null ? [] : [alt]));
                    if (!expected.TryGetValue(sha, out var set)) expected[sha] = set = [];
                    set.Add(prompt);
                }
            }
            Assert.True(totalImages > 200, $"only {totalImages} images sampled");

            using var vlm = new LoopbackOpenAiTestDouble(expected.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value));
            var raw = new OpenAiCompatibleChatClient(new OpenAiCompatibleOptions { BaseUrl = vlm.BaseUrl, Model = "test-vlm" });
            var cacheDir = Path.Combine(work.FullName, "cache");
            var client = ChatEndpoints.Govern(raw, "test-vlm", new EndpointGovernanceOptions { MaxRetries = 0 }, ResponseCache.Open(cacheDir));

            var outDir = Path.Combine(work.FullName, "out");
            var captions = ImageSourceVerbs.ReadHtmlImages(Pipeline.Create("altogether-gimp", new PipelineOptions { BatchSize = 64, RejectsUri = outDir + "/rejects" }), input.FullName + "/*.html")
                .PrepareImages()
                .DedupImages()
                .CleanAltTexts()
                .Realign(client);
            captions.WriteParquet(outDir + "/parquet");
            var pipeline = captions.WriteAltogetherJson(outDir + "/json").Build();
            var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = outDir + "/stats.json" });
            Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());
            Assert.Empty(vlm.Failures);

            // Every image: a caption in the reference JSON, or a reject with a reason.
            var captioned = new Dictionary<string, string>();
            foreach (var file in Directory.GetFiles(outDir + "/json", "*.json", SearchOption.AllDirectories).Where(f => !f.EndsWith("_manifest.json")))
            {
                var shard = long.Parse(Path.GetFileNameWithoutExtension(file));
                Assert.Equal((shard % 100).ToString(), Path.GetFileName(Path.GetDirectoryName(file)));
                foreach (var (uuid, value) in JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(file))!)
                    captioned.Add(uuid, value["altogether"]);
            }
            var rejects = Directory.GetFiles(outDir + "/rejects", "*.jsonl")
                .SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
                .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, Sluice.Storage.Formats.SluiceJson.Options)!).ToArray();
            Assert.All(rejects, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
            Assert.Equal(totalImages, captioned.Count + rejects.Length);
            Assert.True(captioned.Count > totalImages / 2, $"{captioned.Count} of {totalImages} captioned");
            Assert.All(captioned.Values, c => Assert.StartsWith("Image ", c));
            // Repeated (image, prompt) pairs, such as the navigation icons on every page, are answered from the response cache.
            Assert.InRange(vlm.Requests, 1, captioned.Count);

            var byReason = rejects.GroupBy(r => $"{r.Operator}: {Category(r.Reason)}").OrderByDescending(g => g.Count());
            output.WriteLine($"{pages.Length} pages, {totalImages} images: {captioned.Count} captioned, {rejects.Length} rejected; {vlm.Requests} requests reached the server");
            foreach (var g in byReason) output.WriteLine($"  {g.Count(),5}  {g.Key}");

            // A second run is answered from the response cache: no request reaches the server.
            var before = vlm.Requests;
            var again = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = outDir + "/stats2.json" });
            Assert.Equal(RunStatus.Completed, again.Status);
            Assert.Equal(before, vlm.Requests);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Category(string reason)
    {
        var cut = reason.IndexOfAny(['(', ':']);
        var head = cut > 0 ? reason[..cut] : reason;
        head = System.Text.RegularExpressions.Regex.Replace(head, @"<img> \d+ ", "<img> ");
        return System.Text.RegularExpressions.Regex.Replace(head, @"\b[0-9a-f]{32}\b", "…").Trim();
    }
}
