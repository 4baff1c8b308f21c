using System.Net;
using Amazon.S3;

namespace Sluice.Storage.Objects;

/// <summary>Turns SDK failures into exceptions whose message names the full <c>s3://</c> URI and the reason.</summary>
internal static class S3Errors
{
    /// <summary>
    /// The exception to throw for a failed <paramref name="operation"/> on <paramref name="uri"/>. The message is
    /// built from the status, error code and server message only: those never carry credentials.
    /// </summary>
    public static Exception Translate(Exception error, string operation, string uri, string bucket)
    {
        if (error is OperationCanceledException or ObjectNotFoundException) return error;
        if (error is AmazonS3Exception s3)
        {
            if (s3.ErrorCode == "NoSuchBucket")
                return new IOException($"{operation} {uri} failed: bucket {bucket} does not exist", error);
            if (s3.ErrorCode == "NoSuchKey" || (s3.StatusCode == HttpStatusCode.NotFound && s3.ErrorCode is null or "NotFound"))
                return new ObjectNotFoundException(uri, error);
            return new IOException(
                $"{operation} {uri} failed: {(int)s3.StatusCode} {s3.ErrorCode ?? s3.StatusCode.ToString()}: {s3.Message}", error);
        }
        return new IOException($"{operation} {uri} failed: {error.GetType().Name}: {error.Message}", error);
    }

    /// <summary>True for S3's 412 answer to a failed <c>If-None-Match</c> or <c>If-Match</c>.</summary>
    public static bool IsPreconditionFailed(Exception error) =>
        error is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed };

    /// <summary>True for a 416 answer: a range that starts at or after the end of the object.</summary>
    public static bool IsInvalidRange(Exception error) =>
        error is AmazonS3Exception { StatusCode: HttpStatusCode.RequestedRangeNotSatisfiable };
}
