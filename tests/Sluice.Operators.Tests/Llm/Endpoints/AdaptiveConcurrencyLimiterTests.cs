using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Tests.Llm.Endpoints;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public void OnOverload_HalvesOncePerCooldown_ThenSuccessesClimbBack()
    {
        var limiter = new AdaptiveConcurrencyLimiter(new EndpointGovernanceOptions
        {
            InitialConcurrency = 32, MaxConcurrency = 32, DecreaseCooldown = TimeSpan.FromHours(1),
        });
        Assert.True(limiter.OnOverload());
        Assert.Equal(16, limiter.Limit);
        Assert.False(limiter.OnOverload());
        Assert.Equal(16, limiter.Limit);
        // About one permit per window of `limit` successes.
        for (var i = 0; i < 17; i++) limiter.OnSuccess();
        Assert.Equal(17, limiter.Limit);
        for (var i = 0; i < 1000; i++) limiter.OnSuccess();
        Assert.Equal(32, limiter.Limit);
    }

    [Fact]
    public async Task AcquireAsync_AtLimit_WaitsForRelease()
    {
        var limiter = new AdaptiveConcurrencyLimiter(new EndpointGovernanceOptions { InitialConcurrency = 1, MaxConcurrency = 1 });
        var first = await limiter.AcquireAsync();
        var second = limiter.AcquireAsync().AsTask();
        await Task.Delay(20);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_DoesNotLeakPermit()
    {
        var limiter = new AdaptiveConcurrencyLimiter(new EndpointGovernanceOptions { InitialConcurrency = 1, MaxConcurrency = 1 });
        var held = await limiter.AcquireAsync();
        using var cts = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, limiter.InFlight);
        (await limiter.AcquireAsync()).Dispose();
    }
}
