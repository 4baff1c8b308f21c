using System.Text.Json;
using SkiaSharp;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Operators.Images.Tests.Sources;

[Trait("Category", "Integration")]
[Collection(S3Collection.Name)]
public sealed class WebDatasetS3Tests(S3ServerFixture s3)
{
    [Fact]
    public async Task WebDatasetShards_WrittenToCephAndReadBack_EverySampleCaptionedOrRejected()
    {
        var bucket = await s3.CreateBucketAsync("wds");
        using var store = ObjectStores.Open($"s3://{bucket}/wds");
        var expected = new Dictionary<string, HashSet<string>>();
        var pre = new Sluice.Operators.Images.Imaging.ImagePreprocessor();
        var prompts = new AltPromptBuilder();
        void Expect(byte[] image, params string[] alts)
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pre.Prepare(image).Result!.ModelImage));
            (expected.TryGetValue(sha, out var set) ? set : expected[sha] = []).Add(prompts.Build(new AltTextCleaner().CleanAll(alts)));
        }

        // Shard 7: three good samples (alts in several scripts, one repeated), a duplicate uuid, a truncated PNG,
        // a zero-byte image, a sample without JSON. Shard 142: one good sample (reference layout 42/142.json).
        await using (var w = await store.OpenWriteAsync("00007.tar"))
        await using (var shard = new WebDatasetShardWriter(w, leaveOpen: true))
        {
            for (uint i = 1; i <= 3; i++)
            {
                var img = TestImages.Encode(300 + (int)i * 10, 200, SKEncodedImageFormat.Jpeg, seed: i);
                string[] alts = i switch { 1 => ["a red barn", "a red barn", "barn.jpg"], 2 => ["東京タワーの夜景", "Tokyo tower"], _ => ["قطة على النافذة"] };
                await shard.WriteSampleAsync($"s{i}", "jpg", img, alts.Select(a => ("alt", a)));
                Expect(img, alts);
            }
            await shard.WriteSampleAsync("s1", "jpg", TestImages.Encode(64, 64), [("alt", "again")]);
            var png = TestImages.Encode(200, 200);
            await shard.WriteSampleAsync("trunc", "png", png[..(png.Length / 2)], [("alt", "cut")]);
            await shard.WriteSampleAsync("empty", "png", Array.Empty<byte>(), [("alt", "nothing")]);
            await shard.WriteMemberAsync("nojson.jpg", TestImages.Encode(64, 64, SKEncodedImageFormat.Jpeg));
        }
        await using (var w = await store.OpenWriteAsync("00142.tar"))
        await using (var shard = new WebDatasetShardWriter(w, leaveOpen: true))
        {
            var img = TestImages.Encode(500, 400, SKEncodedImageFormat.Png, seed: 5);
            await shard.WriteSampleAsync("t1", "png", img, [("alt", "a circle and a bar")]);
            Expect(img, "a circle and a bar");
        }

        using var vlm = new LoopbackOpenAiTestDouble(expected.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value));
        using var client = new Sluice.Operators.Llm.Endpoints.OpenAiCompatibleChatClient(new Sluice.Operators.Llm.Endpoints.OpenAiCompatibleOptions { BaseUrl = vlm.BaseUrl, Model = "test-vlm" });
        var outUri = $"s3://{bucket}/captions";
        var pipeline = Pipeline.Create("altogether-wds", new PipelineOptions { RejectsUri = $"s3://{bucket}/rejects" })
            .ReadWebDataset($"s3://{bucket}/wds/*.tar")
            .PrepareImages().DedupImages().CleanAltTexts().Realign(client)
            .WriteAltogetherJson(outUri).Build();
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = $"s3://{bucket}/stats.json" });
        Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());
        Assert.Empty(vlm.Failures);

        using var captions = ObjectStores.Open(outUri);
        async Task<Dictionary<string, Dictionary<string, string>>> ReadJson(string key)
        {
            await using var s = await captions.OpenReadAsync(key);
            return (await JsonSerializer.DeserializeAsync<Dictionary<string, Dictionary<string, string>>>(s))!;
        }
        var seven = await ReadJson("7/7.json");
        Assert.Equal(["s1", "s2", "s3"], seven.Keys.Order());
        Assert.Equal(LoopbackOpenAiTestDouble.CaptionFor(expected.Single(e => e.Value.Contains("a red barn")).Key, "a red barn"), seven["s1"]["altogether"]);
        Assert.Contains("東京タワーの夜景; Tokyo tower", seven["s2"]["altogether"]);
        Assert.Single(await ReadJson("42/142.json"));

        using var rejectStore = ObjectStores.Open($"s3://{bucket}/rejects");
        var reasons = new List<string>();
        await foreach (var o in rejectStore.ListAsync(""))
        {
            await using var s = await rejectStore.OpenReadAsync(o.Key);
            using var reader = new StreamReader(s);
            while (await reader.ReadLineAsync() is { Length: > 0 } line)
                reasons.Add(JsonSerializer.Deserialize<RejectRecord>(line, Sluice.Storage.Formats.SluiceJson.Options)!.Reason);
        }
        Assert.Equal(4, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("duplicate uuid s1"));
        Assert.Contains(reasons, r => r.Contains("truncated"));
        Assert.Contains(reasons, r => r.Contains("empty image"));
        Assert.Contains(reasons, r => r.Contains("nojson has no .json"));
    }
}
