using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Training;

/// <summary>Training-ready output: text to token ids, ids to fixed-length sequences (see <c>docs/training-data.md</c>).</summary>
public static class TrainingVerbs
{
    /// <summary>
    /// Tokenizes each record's text (<see cref="TrainingTokenizer.Tokenize"/>) and appends the end-of-text id. A record
    /// whose text is empty or white space, or spells a special token, is rejected with the reason.
    /// </summary>
    /// <param name="flow">The records.</param>
    /// <param name="text">The text of a record.</param>
    /// <param name="id">The id of a record, kept with its tokens.</param>
    /// <param name="options">Which tokenizer; default gpt2 with its <c>&lt;|endoftext|&gt;</c>.</param>
    /// <param name="name">Operator name; default <c>tokenize</c>.</param>
    /// <exception cref="ArgumentException">The options are invalid (thrown here, before any record is read).</exception>
    [Verb(OperatorRole.Transform, Rule = "Microsoft.ML.Tokenizers 3.0.0 encoding, end-of-text id appended")]
    public static Flow<TokenizedDocument> Tokenize<T>(this Flow<T> flow, Func<T, string?> text, Func<T, string> id,
        TokenizeOptions? options = null, string? name = null)
    {
        var o = options ?? new TokenizeOptions();
        o.Validate();
        // The vocabulary loads with the first record, in the run, not while the pipeline is declared.
        var tokenizer = new Lazy<TrainingTokenizer>(() => TrainingTokenizer.Load(o), LazyThreadSafetyMode.ExecutionAndPublication);
        return flow.MapOrReject(r => tokenizer.Value.Tokenize(id(r), text(r)), name ?? "tokenize", o.Parallelism);
    }

    /// <summary><see cref="Tokenize{T}"/> on documents: their text and id.</summary>
    [Verb(OperatorRole.Transform, Rule = "Microsoft.ML.Tokenizers 3.0.0 encoding, end-of-text id appended")]
    public static Flow<TokenizedDocument> Tokenize(this Flow<Document> flow, TokenizeOptions? options = null, string? name = null) =>
        flow.Tokenize(d => d.Text, d => d.Id, options, name);

    /// <summary>
    /// Packs each work unit's tokenized documents into fixed-length sequences with their document boundaries
    /// (<see cref="TokenPacker"/>); one accumulator per unit, so a unit's sequences are the same on every run and
    /// for any number of ranks.
    /// </summary>
    /// <param name="flow">Tokenized documents.</param>
    /// <param name="options">Length, views, tail policy and pad id; default 2048 tokens, 1 view, tail padded with 0.</param>
    /// <param name="name">Operator name; default <c>pack-tokens</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (thrown here).</exception>
    [Verb(OperatorRole.Stateful, Rule = "per-unit concatenate-and-cut packing; boundaries as segment offsets")]
    public static Flow<PackedSequence> PackTokens(this Flow<TokenizedDocument> flow, PackOptions? options = null, string? name = null)
    {
        var o = options ?? new PackOptions();
        o.Validate();
        return flow.Aggregate(unit => new TokenPacker(unit.Id, o), name ?? "pack-tokens");
    }
}
