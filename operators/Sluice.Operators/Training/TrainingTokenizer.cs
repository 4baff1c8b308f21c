using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Training;

/// <summary>
/// A loaded tokenizer for training data: text to ids, the end-of-text id appended. Loads its vocabulary once
/// (<see cref="Load"/>); encoding is thread-safe, as Microsoft.ML.Tokenizers' tokenizers are.
/// </summary>
public sealed class TrainingTokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly HashSet<int> _specialIds;
    private readonly bool _appendEndOfText;

    private TrainingTokenizer(string name, Tokenizer tokenizer, int endOfTextId, IEnumerable<int> specialIds, int vocabularySize, bool appendEndOfText)
    {
        Name = name;
        _tokenizer = tokenizer;
        EndOfTextId = endOfTextId;
        _specialIds = [.. specialIds];
        VocabularySize = Math.Max(vocabularySize, endOfTextId + 1);
        _appendEndOfText = appendEndOfText;
    }

    /// <summary>The preset name or model file it was loaded from.</summary>
    public string Name { get; }

    /// <summary>The id appended after each document (when <see cref="TokenizeOptions.AppendEndOfText"/>).</summary>
    public int EndOfTextId { get; }

    /// <summary>One past the highest id it can produce (regular and special tokens): what decides a Megatron
    /// dataset's token width.</summary>
    public int VocabularySize { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer underneath, for callers that decode or count.</summary>
    public Tokenizer Inner => _tokenizer;

    /// <summary>Loads the tokenizer <paramref name="options"/> name.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or a model has no end-of-text id and none is set.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    public static TrainingTokenizer Load(TokenizeOptions? options = null)
    {
        options ??= new TokenizeOptions();
        options.Validate();
        if (options.ModelPath is { } path)
            return options.ModelFormat == TokenizerModelFormat.SentencePiece ? LoadSentencePiece(path, options) : LoadTiktokenFile(path, options);
        var tiktoken = options.Tokenizer switch
        {
            TokenizerPresets.Gpt2 => TiktokenTokenizer.CreateForModel("gpt2"),
            _ => TiktokenTokenizer.CreateForEncoding(options.Tokenizer),
        };
        // OpenAI's encodings number their special tokens after every rank, so the highest special id bounds the vocabulary.
        return FromTiktoken(options.Tokenizer, tiktoken, highestRank: -1, options);
    }

    /// <summary>
    /// The ids of one document, the end-of-text id appended; or a reject reason: the text is null, empty or only
    /// white space (it would pack as a lone end-of-text), or it spells a special token such as
    /// <c>&lt;|endoftext|&gt;</c> (Microsoft.ML.Tokenizers would encode it as the special id, forging a document
    /// boundary inside the document).
    /// </summary>
    public MapResult<TokenizedDocument> Tokenize(string id, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return MapResult<TokenizedDocument>.Reject("empty text: nothing to tokenize");
        var ids = _tokenizer.EncodeToIds(text);
        var tokens = new int[ids.Count + (_appendEndOfText ? 1 : 0)];
        for (int i = 0; i < ids.Count; i++)
        {
            var t = ids[i];
            if (_specialIds.Contains(t)) return MapResult<TokenizedDocument>.Reject($"text spells special token id {t} ({_tokenizer.Decode([t])})");
            tokens[i] = t;
        }
        if (_appendEndOfText) tokens[^1] = EndOfTextId;
        return new TokenizedDocument(id, tokens);
    }

    private static TrainingTokenizer FromTiktoken(string name, TiktokenTokenizer tiktoken, int highestRank, TokenizeOptions options)
    {
        var specials = tiktoken.SpecialTokens ?? new Dictionary<string, int>();
        int eos = options.EndOfTextId
                  ?? (specials.TryGetValue(TokenizerPresets.EndOfText, out var e) ? e
                      : throw new ArgumentException($"{name} has no {TokenizerPresets.EndOfText} special token: set EndOfTextId"));
        int highest = highestRank;
        foreach (var (_, value) in specials) highest = Math.Max(highest, value);
        return new TrainingTokenizer(name, tiktoken, eos, specials.Values, highest + 1, options.AppendEndOfText);
    }

    private static TrainingTokenizer LoadTiktokenFile(string path, TokenizeOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer model file not found: {path}", path);
        int highestRank = HighestRank(path);
        var specials = options.SpecialTokens ?? new Dictionary<string, int> { [TokenizerPresets.EndOfText] = highestRank + 1 };
        var split = new RegexPreTokenizer(new Regex(options.SplitPattern, RegexOptions.Compiled), specials);
        using var stream = File.OpenRead(path);
        var tiktoken = TiktokenTokenizer.Create(stream, split, normalizer: null, specials);
        return FromTiktoken(path, tiktoken, highestRank, options);
    }

    private static TrainingTokenizer LoadSentencePiece(string path, TokenizeOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer model file not found: {path}", path);
        using var stream = File.OpenRead(path);
        // No BOS: documents are concatenated, and the end-of-text id between them is the boundary the trainer sees.
        var llama = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        int eos = options.EndOfTextId ?? llama.EndOfSentenceId;
        int highest = -1;
        foreach (var (_, value) in llama.Vocabulary) highest = Math.Max(highest, value);
        return new TrainingTokenizer(path, llama, eos, [], highest + 1, options.AppendEndOfText);
    }

    // A tiktoken file is "base64-token rank" per line; the default end-of-text id follows the highest rank, as
    // tiktoken's own encodings place it.
    private static int HighestRank(string path)
    {
        int highest = -1;
        foreach (var line in File.ReadLines(path))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && int.TryParse(line.AsSpan(space + 1), out var rank)) highest = Math.Max(highest, rank);
        }
        return highest;
    }
}
