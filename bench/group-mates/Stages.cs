namespace Sluice.Bench.GroupMates; internal static class Stages { public static Task<int> RunAsync(string[] args) => Task.FromResult(2); }
