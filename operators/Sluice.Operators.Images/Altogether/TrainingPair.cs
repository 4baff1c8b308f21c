namespace Sluice.Operators.Images.Altogether;

/// <summary>A re-aligner training pair: generate <paramref name="Target"/> from the image and <paramref name="Prompt"/>.</summary>
/// <param name="Uuid">The image's id.</param>
/// <param name="Source">Where the image came from.</param>
/// <param name="ImageSha256">Hex SHA-256 of the image bytes.</param>
/// <param name="Target">The longest alt-text (the first, when several are equally long).</param>
/// <param name="Prompt">Another alt-text chosen by seed, or empty when there is no other or the prompt was dropped.</param>
/// <param name="PromptDropped">True when a prompt existed but was dropped (with the builder's probability).</param>
public sealed record TrainingPair(string Uuid, string Source, string ImageSha256, string Target, string Prompt, bool PromptDropped);
