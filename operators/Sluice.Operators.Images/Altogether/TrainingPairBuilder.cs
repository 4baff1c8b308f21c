using System.Security.Cryptography;
using System.Text;
using Sluice.Operators.Images.Imaging;

namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// Builds re-aligner training pairs as the Altogether reference does: the target is the longest of the image's
/// distinct alt-texts, the prompt one of the others chosen at random (empty when there is only one), and the prompt is
/// dropped with probability <see cref="DropProbability"/>. Every random choice is a hash of the seed and the uuid, so
/// a pair is the same in every run and on every rank, whatever the order records arrive in.
/// </summary>
/// <param name="Seed">Seed of the choices. Default 0.</param>
/// <param name="DropProbability">Probability of dropping the prompt. Default 0.5.</param>
public sealed record TrainingPairBuilder(int Seed = 0, double DropProbability = 0.5)
{
    /// <summary>The pair for <paramref name="image"/>, or null when it has no alt-text to target.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DropProbability"/> is outside [0, 1].</exception>
    public TrainingPair? Build(PreparedImage image)
    {
        if (DropProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(DropProbability), DropProbability, "must be in [0, 1]");
        var alts = image.AltTexts.Distinct(StringComparer.Ordinal).ToArray();
        if (alts.Length == 0) return null;
        var longest = 0;
        for (var i = 1; i < alts.Length; i++)
            if (alts[i].Length > alts[longest].Length) longest = i;
        var others = alts.Where((_, i) => i != longest).ToArray();
        var prompt = others.Length == 0 ? "" : others[(int)(Draw(image.Uuid, "prompt") % (ulong)others.Length)];
        var drop = prompt.Length > 0 && Draw(image.Uuid, "drop") / (double)ulong.MaxValue < DropProbability;
        return new TrainingPair(image.Uuid, image.Source, image.ImageSha256, alts[longest], drop ? "" : prompt, drop);
    }

    private ulong Draw(string uuid, string purpose)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}\u0000{purpose}\u0000{uuid}"), hash);
        return BitConverter.ToUInt64(hash);
    }
}
