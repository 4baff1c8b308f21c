namespace Sluice.Testing;

/// <summary>
/// Finds or starts the real S3 server (Ceph RADOS Gateway) the integration tests use: the endpoint in
/// <c>SLUICE_S3_ENDPOINT</c> when it answers, else the one in <c>.services/s3.env</c>, else one started with
/// <c>scripts/services/s3-up.sh</c>. Its test credentials are put in this process's environment.
/// </summary>
public static class S3Server
{
    private static readonly string[] Variables = ["SLUICE_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"];

    /// <summary>Ensures a server answers; returns the variables a child process needs to reach it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnsureRunningAsync()
    {
        if (Environment.GetEnvironmentVariable("SLUICE_S3_ENDPOINT") is not { Length: > 0 } endpoint || !await AnswersAsync(endpoint))
        {
            var envFile = RepoPaths.Of(".services", "s3.env");
            if (!File.Exists(envFile) || !await AnswersAsync(ReadEnv(envFile)["SLUICE_S3_ENDPOINT"]))
                await ChildProcess.RunAsync("bash", [RepoPaths.Of("scripts", "services", "s3-up.sh")], TimeSpan.FromMinutes(10));
            // The local server only knows its own test keys, so they replace whatever the environment held.
            foreach (var (name, value) in ReadEnv(envFile)) Environment.SetEnvironmentVariable(name, value);
        }
        return Variables.Where(v => Environment.GetEnvironmentVariable(v) is not null)
            .ToDictionary(v => v, v => Environment.GetEnvironmentVariable(v)!);
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal) && l.Contains('='))
            .Select(l => l[7..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('"', '\''));

    private static async Task<bool> AnswersAsync(string endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(endpoint);
            return (int)response.StatusCode < 500;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
