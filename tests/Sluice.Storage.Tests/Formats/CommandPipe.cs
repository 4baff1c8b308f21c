using System.Diagnostics;

namespace Sluice.Storage.Tests.Formats;

/// <summary>Runs a real command-line tool (gzip, bzip2) as a peer: input on stdin, stdout returned.</summary>
internal static class CommandPipe
{
    /// <summary>The command's stdout; an assertion failure naming it and its stderr when it exits non-zero.</summary>
    public static byte[] Run(string command, byte[] input, params string[] args)
    {
        var psi = new ProcessStartInfo(command, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        var error = p.StandardError.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(input);
        p.StandardInput.Close();
        copy.GetAwaiter().GetResult();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command} {string.Join(' ', args)} exited {p.ExitCode}: {error.GetAwaiter().GetResult()}");
        return output.ToArray();
    }
}
