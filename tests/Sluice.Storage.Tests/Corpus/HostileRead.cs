namespace Sluice.Storage.Tests.Corpus;

/// <summary>Runs a read of untrusted input with a time and allocation bound, and says how it ended.</summary>
internal static class HostileRead
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const long MaxAllocatedBytes = 4L << 30;

    /// <summary>The read's result, or the <see cref="InvalidDataException"/> it threw; any other exception, a
    /// hang or runaway allocation fails the test.</summary>
    public static async Task<(T? Value, InvalidDataException? Error)> RunAsync<T>(string file, Func<Stream, CancellationToken, Task<T>> read)
    {
        using var cts = new CancellationTokenSource(Timeout);
        long before = GC.GetTotalAllocatedBytes();
        try
        {
            await using var stream = File.OpenRead(file);
            var value = await Task.Run(() => read(stream, cts.Token)).WaitAsync(Timeout);
            return (value, null);
        }
        catch (InvalidDataException e)
        {
            return (default, e);
        }
        catch (Exception e)
        {
            Assert.Fail($"{Path.GetFileName(file)}: {e.GetType().Name} instead of InvalidDataException: {e}");
            throw;
        }
        finally
        {
            Assert.True(GC.GetTotalAllocatedBytes() - before < MaxAllocatedBytes, $"{Path.GetFileName(file)}: over 4 GiB allocated");
        }
    }
}
