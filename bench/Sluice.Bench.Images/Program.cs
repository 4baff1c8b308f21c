// Image throughput on this machine's cores: Skia decode alone vs. decode + validate + resize + pHash
// (ImagePreprocessor), over the gimp-help images (scripts/fetch-gimp-help.sh) or a folder given as the first
// argument; then requests in flight against a slow fake endpoint, to show the realigner keeps the limit full.
//   dotnet run -c Release --project bench/Sluice.Bench.Images [-- IMAGE_FOLDER [SECONDS]]
using System.Diagnostics;
using Microsoft.Extensions.AI;
using SkiaSharp;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Imaging;

var folder = args.Length > 0 ? args[0] : Path.Combine(FindRoot(), ".services", "gimp-help", "en", "images");
var seconds = args.Length > 1 ? double.Parse(args[1]) : 5;
var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).ToArray();
var images = files.Select(File.ReadAllBytes).ToArray();
var pixels = images.Sum(b => { using var c = SKCodec.Create(new MemoryStream(b)); return c is null ? 0L : (long)c.Info.Width * c.Info.Height; });
Console.WriteLine($"{images.Length} images ({images.Sum(b => (long)b.Length) / 1e6:0.0} MB, {pixels / 1e6 / images.Length:0.00} Mpx mean) from {folder}; {Environment.ProcessorCount} cores");

var pre = new ImagePreprocessor();
Measure("skia decode only", b => { using var bmp = SKBitmap.Decode(b); return bmp is not null; });
Measure("decode+validate+resize+phash", b => pre.Prepare(b).Result is not null);

// In flight: a fake endpoint that answers after 20 ms; the realigner should keep MaxInFlight requests open.
var fake = new SlowClient(TimeSpan.FromMilliseconds(20));
var realigner = new CaptionRealigner(fake, new RealignOptions { MaxInFlight = 32 });
var prepared = images.Select(b => pre.Prepare(b).Result).Where(r => r is not null).Take(512)
    .Select((r, i) => new PreparedImage($"u{i}", "bench", null, ["an alt text"], null, r!.Sha256, (long)r.PerceptualHash, r.Width, r.Height, r.Format, r.ModelImage, r.MediaType))
    .ToArray();
var clock = Stopwatch.StartNew();
await Task.WhenAll(prepared.Chunk(64).Select(batch => realigner.RealignAsync(batch, CancellationToken.None)));
Console.WriteLine($"realign: {prepared.Length} requests in {clock.Elapsed.TotalSeconds:0.00} s against a 20 ms endpoint; peak in flight {fake.Peak} (limit 32), " +
    $"{prepared.Length / clock.Elapsed.TotalSeconds:0} req/s (ideal {32 / 0.020:0})");

void Measure(string label, Func<byte[], bool> work)
{
    foreach (var b in images.Take(50)) work(b); // warm-up
    long done = 0, ok = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds)
    {
        Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
        {
            if (work(b)) Interlocked.Increment(ref ok);
            Interlocked.Increment(ref done);
        });
    }
    Console.WriteLine($"{label,-30} {done / sw.Elapsed.TotalSeconds,8:0} images/s  ({ok} of {done} ok)");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
    return ".";
}

sealed class SlowClient(TimeSpan latency) : IChatClient
{
    private int _now;
    public int Peak;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _now);
        for (var p = Volatile.Read(ref Peak); n > p; p = Volatile.Read(ref Peak))
            if (Interlocked.CompareExchange(ref Peak, n, p) == p) break;
        await Task.Delay(latency, cancellationToken);
        Interlocked.Decrement(ref _now);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "a caption")) { ModelId = "fake" };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;
    public void Dispose() { }
}
