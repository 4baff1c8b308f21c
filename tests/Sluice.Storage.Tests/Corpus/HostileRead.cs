namespace Sluice.Storage.Tests.Corpus;

/// <summary>Runs a read of untrusted input with a time and allocation bound, and says how it ended.</summary>
internal static class HostileRead
{
    // A hang never ends; a slow read under a loaded CI machine (every test assembly at once on 2 cores) must not fail.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // Arrow and Parquet readers allocate what a damaged length declares; the worst corpus file needs 166 MiB
    // (arrow-ipc-stream-fuzz-5085285868371968, an array length the reader refuses only after allocating).
    private const long MaxAllocatedBytes = 512L << 20;

    /// <summary>The read's result, or the <see cref="InvalidDataException"/> it threw; any other exception, a
    /// hang or allocating over 512 MiB fails the test.</summary>
    public static async Task<(T? Value, InvalidDataException? Error)> RunAsync<T>(string file, Func<Stream, CancellationToken, Task<T>> read)
    {
        using var cts = new CancellationTokenSource(Timeout);
        // From memory every read completes synchronously on the one thread, so that thread's allocation count is
        // the read's alone, undisturbed by tests running in parallel.
        var bytes = await File.ReadAllBytesAsync(file);
        long allocated = 0;
        try
        {
            return await Task.Run<(T?, InvalidDataException?)>(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var value = read(new MemoryStream(bytes, writable: false), cts.Token).GetAwaiter().GetResult();
                    return (value, null);
                }
                catch (InvalidDataException e)
                {
                    return (default, e);
                }
                finally
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }).WaitAsync(Timeout);
        }
        catch (Exception e)
        {
            Assert.Fail($"{Path.GetFileName(file)}: {e.GetType().Name} instead of InvalidDataException: {e}");
            throw;
        }
        finally
        {
            Assert.True(allocated < MaxAllocatedBytes, $"{Path.GetFileName(file)}: {allocated >> 20} MiB allocated, over {MaxAllocatedBytes >> 20} MiB");
        }
    }
}
