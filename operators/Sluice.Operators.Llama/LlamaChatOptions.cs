namespace Sluice.Operators.Llama;

/// <summary>Options of <see cref="LlamaChatClient"/>: a local GGUF model run by llama.cpp on the CPU.</summary>
public sealed record LlamaChatOptions
{
    /// <summary>Path of the GGUF file. Required.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Context window in tokens (prompt plus answer). Default 2048.</summary>
    public uint ContextSize { get; init; } = 2048;

    /// <summary>CPU threads; null lets llama.cpp choose. Default null.</summary>
    public int? Threads { get; init; }

    /// <summary>Requests run at once, each with its own context. Default 1.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>Answer length when a request names none. Default 256 tokens.</summary>
    public int DefaultMaxTokens { get; init; } = 256;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentException">The path is empty or a value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 64u, nameof(ContextSize));
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallel, 1, nameof(MaxParallel));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultMaxTokens, 1, nameof(DefaultMaxTokens));
    }
}
