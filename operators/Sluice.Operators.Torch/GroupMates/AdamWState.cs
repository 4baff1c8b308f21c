using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// AdamW (decoupled weight decay) over a fixed list of parameters, written out so that its moments can be
/// snapshotted, restored and saved exactly: the oracle restores model and optimizer before every rollout.
/// </summary>
internal sealed class AdamWState : IDisposable
{
    public AdamWState(IReadOnlyList<Tensor> parameters)
    {
        Parameters = parameters;
        M = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        V = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public IReadOnlyList<Tensor> Parameters { get; }
    public Tensor[] M { get; }
    public Tensor[] V { get; }
    public long Step { get; set; }

    /// <summary>Scales gradients so their global L2 norm is at most <paramref name="maxNorm"/>; returns the norm before (NaN stays NaN).</summary>
    public double ClipGradients(double maxNorm)
    {
        using var scope = NewDisposeScope();
        var norms = Parameters.Where(p => p.grad is not null).Select(p => p.grad!.pow(2).sum()).ToArray();
        if (norms.Length == 0) return 0;
        double norm = Math.Sqrt(stack(norms).sum().item<float>());
        if (maxNorm > 0 && norm > maxNorm)
        {
            using var _ = no_grad();
            foreach (var p in Parameters) p.grad?.mul_(maxNorm / (norm + 1e-6));
        }
        return norm;
    }

    /// <summary>One AdamW update from the current gradients; then clears them.</summary>
    public void Apply(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
    {
        Step++;
        double c1 = 1 - Math.Pow(beta1, Step), c2 = 1 - Math.Pow(beta2, Step);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            var g = p.grad;
            if (g is null) continue;
            M[i].mul_(beta1).add_(g, alpha: 1 - beta1);
            V[i].mul_(beta2).addcmul_(g, g, value: 1 - beta2);
            if (weightDecay > 0) p.mul_(1 - lr * weightDecay);
            var denom = (V[i] / c2).sqrt_().add_(eps);
            p.addcdiv_(M[i], denom, value: -lr / c1);
            g.zero_();
        }
    }

    /// <summary>Copies parameters, moments and step (an in-memory checkpoint).</summary>
    public Snapshot Save()
    {
        using var _ = no_grad();
        return new Snapshot(
            Parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray(),
            M.Select(m => m.clone().DetachFromDisposeScope()).ToArray(),
            V.Select(v => v.clone().DetachFromDisposeScope()).ToArray(), Step);
    }

    /// <summary>Restores what <see cref="Save"/> copied, and clears gradients.</summary>
    public void Restore(Snapshot snapshot)
    {
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Count; i++)
        {
            Parameters[i].copy_(snapshot.Parameters[i]);
            M[i].copy_(snapshot.M[i]);
            V[i].copy_(snapshot.V[i]);
            Parameters[i].grad?.zero_();
        }
        Step = snapshot.Step;
    }

    public void Dispose()
    {
        foreach (var t in M.Concat(V)) t.Dispose();
    }

    /// <summary>Copies of parameters and optimizer state.</summary>
    internal sealed record Snapshot(Tensor[] Parameters, Tensor[] M, Tensor[] V, long Step) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in Parameters.Concat(M).Concat(V)) t.Dispose();
        }
    }
}
