using Sluice.Bench.Gpu;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Torch;
using TorchSharp;
using static TorchSharp.torch;

// Modes (bench/gpu/README.md):
//   --make-reference DIR  here: write the weights, token ids and ONNX Runtime reference vectors to DIR/bundle.bin
//   --cpu-smoke [DIR]     here: the device run's code path on the CPU, plus ORT vs TorchSharp CPU throughput
//   --bundle DIR          on the GPU machine: parity against the bundle, then fp16/fp32 throughput at batch 1024, seq 128
const double MinCosine = 0.999;
string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? "";

if (args.Contains("--make-reference"))
{
    ReferenceBundle.Write(Arg("--make-reference"));
    Console.WriteLine($"Wrote {Path.Combine(Arg("--make-reference"), "bundle.bin")}");
    return 0;
}

if (args.Contains("--cpu-smoke"))
{
    var dir = Arg("--cpu-smoke") is { Length: > 0 } d && !d.StartsWith("--") ? d : Path.Combine(Path.GetTempPath(), "sluice-bench-gpu");
    ReferenceBundle.Write(dir);
    var bundle = ReferenceBundle.Read(dir);
    using var bert = new MiniLmBert(bundle.Weights, CPU, ScalarType.Float32);
    double cpuMin = Measure.MinCosine(bert, bundle, 32);
    Console.WriteLine($"cpu float32 (float16-rounded weights) vs ONNX Runtime: min cosine {cpuMin:F6}");
    Measure.Row("TorchSharp model", "cpu", "fp32", "32", "128", Measure.PassagesPerSecond(bert, bundle.VocabRows, 32, 128, 1, 3), $"cos {cpuMin:F5}");

    var texts = Enumerable.Range(0, 8).SelectMany(_ => ReferenceBundle.Texts).ToArray();
    using var onnx = new MiniLmEmbedder();
    using var torchEmbedder = new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu });
    Measure.Row("ORT EmbedToMatrix", "cpu", "fp32", "32", "real", Measure.EndToEnd(t => onnx.EmbedToMatrix(t), texts), $"{texts.Length} texts");
    Measure.Row("TorchSharp EmbedToMatrix", "cpu", "fp32", "32", "real", Measure.EndToEnd(t => torchEmbedder.EmbedToMatrix(t), texts), $"{texts.Length} texts");
    return cpuMin >= MinCosine ? 0 : 1;
}

if (args.Contains("--bundle"))
{
    var bundle = ReferenceBundle.Read(Arg("--bundle"));
    Console.WriteLine($"bundle: {bundle.TokenIds.Length} reference texts, {bundle.VocabRows} vocabulary rows");
    if (!cuda.is_available())
    {
        Console.WriteLine("CUDA not available: nothing to measure on this machine (use --cpu-smoke).");
        return 2;
    }
    var gpu = new Device(DeviceType.CUDA, 0);
    bool ok = true;
    foreach (var precision in new[] { TorchPrecision.Float32, TorchPrecision.Float16, TorchPrecision.BFloat16 })
    {
        using var bert = new MiniLmBert(bundle.Weights, gpu, Measure.ToScalar(precision));
        double min = Measure.MinCosine(bert, bundle, 256);
        // bfloat16 keeps 8 mantissa bits: reported, not held to the float16/float32 bar.
        bool pass = min >= MinCosine || precision == TorchPrecision.BFloat16;
        ok &= pass;
        Console.WriteLine($"cuda {precision} vs ONNX Runtime CPU reference: min cosine {min:F6} {(pass ? "ok" : "FAIL")}");
        if (precision != TorchPrecision.BFloat16)
        {
            double perSecond = Measure.PassagesPerSecond(bert, bundle.VocabRows, 1024, 128, 3, 20);
            Measure.Row("TorchSharp", "cuda", precision == TorchPrecision.Float16 ? "fp16" : "fp32", "1024", "128", perSecond, $"cos {min:F5}");
        }
    }
    return ok ? 0 : 1;
}

Console.Error.WriteLine("usage: Sluice.Bench.Gpu --make-reference DIR | --cpu-smoke [DIR] | --bundle DIR");
return 64;
