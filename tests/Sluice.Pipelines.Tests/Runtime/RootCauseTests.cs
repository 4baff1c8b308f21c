using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Tests.Runtime;

public sealed class RootCauseTests
{
    [Fact]
    public void Of_NestedAggregatesWithCancellations_ReturnsTheFirstRealError()
    {
        var cause = new InvalidDataException("bad line");
        var nested = new AggregateException(new OperationCanceledException(), new AggregateException(new AggregateException(cause)), new IOException("later"));
        Assert.Same(cause, RootCause.Of(nested));
    }

    [Fact]
    public void Of_OnlyCancellations_ReturnsACancellation() =>
        Assert.IsType<OperationCanceledException>(RootCause.Of(new AggregateException(new OperationCanceledException())));

    [Fact]
    public void Of_PlainError_ReturnsItself()
    {
        var e = new IOException("x");
        Assert.Same(e, RootCause.Of(e));
    }
}
