namespace Sluice.Cli.Scripting;

/// <summary>A pipeline script that does not compile; the message lists each error as <c>file(line,col): error …</c>.</summary>
public sealed class ScriptCompilationException(string message) : Exception(message);
