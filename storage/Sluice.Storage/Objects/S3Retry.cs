using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly;
using Polly.Retry;

namespace Sluice.Storage.Objects;

/// <summary>
/// The retry policy of <see cref="S3ObjectStore"/>: transient failures (5xx, throttling, timeouts, broken
/// connections) are retried with jittered exponential backoff; every other failure surfaces at once.
/// </summary>
public static class S3Retry
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "ServiceUnavailable", "RequestLimitExceeded", "TooManyRequests",
    };

    /// <summary>Builds the pipeline for <paramref name="settings"/>; <paramref name="time"/> lets tests use a fake clock.</summary>
    public static ResiliencePipeline Create(S3Settings settings, TimeProvider? time = null)
    {
        settings.Validate();
        if (settings.MaxAttempts == 1) return ResiliencePipeline.Empty;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.MaxAttempts - 1,
            Delay = settings.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            // Jitter spreads the retries of many ranks that were throttled at the same moment.
            UseJitter = true,
            MaxDelay = TimeSpan.FromSeconds(20),
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
        }).Build();
    }

    /// <summary>True when <paramref name="error"/> is worth retrying: a server-side or throttling status, a timeout,
    /// or a broken connection. A cancellation asked for by <paramref name="ct"/> is never transient.</summary>
    public static bool IsTransient(Exception error, CancellationToken ct = default)
    {
        if (ct.IsCancellationRequested) return false;
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // A server answer decides by itself; its inner exceptions are only the SDK's plumbing.
                case AmazonServiceException s when s.StatusCode != 0:
                    return s.StatusCode is HttpStatusCode.TooManyRequests || (int)s.StatusCode >= 500
                        || (s.ErrorCode is { } c && TransientCodes.Contains(c));
                case AmazonServiceException s when s.ErrorCode is { } code && TransientCodes.Contains(code):
                    return true;
                case ObjectNotFoundException:
                    return false;
                // The SDK surfaces HTTP timeouts as cancellations that nobody asked for.
                case OperationCanceledException or TimeoutException:
                case HttpRequestException or IOException or SocketException:
                    return true;
            }
        }
        return false;
    }
}
