namespace Sluice.Operators.Images.Altogether;

/// <summary>A re-aligned caption with its provenance and quality figures: one row of the caption shards.</summary>
/// <param name="Uuid">The image's id.</param>
/// <param name="Source">The object the image came from (tar shard, Parquet file, HTML page).</param>
/// <param name="ImageUri">The image's own location, when known.</param>
/// <param name="ImageSha256">Hex SHA-256 of the original image bytes.</param>
/// <param name="PerceptualHash">The image's 64-bit pHash.</param>
/// <param name="Width">Original width.</param>
/// <param name="Height">Original height.</param>
/// <param name="AltTexts">The cleaned alt-texts the prompt was built from.</param>
/// <param name="Prompt">The alt-text part of the prompt as sent (joined, truncated).</param>
/// <param name="Caption">The model's caption (of the last round).</param>
/// <param name="Model">The model that answered (as it reported itself, else as requested).</param>
/// <param name="Rounds">Re-alignment rounds run.</param>
/// <param name="FinishReason">Why the model stopped (<c>stop</c>, <c>length</c>), when reported.</param>
/// <param name="CaptionWords">Words in the caption.</param>
/// <param name="AltWordsKept">Share of the alt-texts' distinct words found in the caption (1 when there are none).</param>
/// <param name="AltSimilarity">Cosine similarity of caption and alt-text embeddings (MiniLM); null until scored or when there is no alt-text.</param>
/// <param name="RoundCaptions">The caption of every round, first to last (the last is <paramref name="Caption"/>); null when not recorded.</param>
public sealed record AltogetherCaption(
    string Uuid,
    string Source,
    string? ImageUri,
    string ImageSha256,
    long PerceptualHash,
    int Width,
    int Height,
    IReadOnlyList<string> AltTexts,
    string Prompt,
    string Caption,
    string Model,
    int Rounds,
    string? FinishReason,
    int CaptionWords,
    double AltWordsKept,
    float? AltSimilarity = null,
    IReadOnlyList<string>? RoundCaptions = null);
