using Sluice.Operators.Torch.GroupMates;

namespace Sluice.Operators.Torch.Tests.GroupMates;

/// <summary>A very small probe LM and synthetic token sequences with some structure to learn.</summary>
internal static class ProbeFixtures
{
    public static readonly ProbeLmOptions Tiny = new() { VocabularySize = 64, Width = 32, Depth = 1, Heads = 2, Context = 16 };

    public static List<ProbeSequence> Pool(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            int start = random.Next(64), stride = 1 + random.Next(3);
            return new ProbeSequence($"doc-{i}", Enumerable.Range(0, Tiny.Context + 1).Select(k => (start + k * stride) % 64).ToArray());
        }).ToList();
    }

    public static ProbeLm TrainedModel(int seed = 1)
    {
        var model = ProbeLm.Create(Tiny, seed);
        var pool = Pool(40, seed);
        for (int step = 0; step < 10; step++)
            model.TrainStep(pool.Skip(step * 4 % 40).Take(4).Select(p => p.Tokens).ToArray(), 3e-3);
        return model;
    }
}
