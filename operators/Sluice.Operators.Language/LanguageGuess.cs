namespace Sluice.Operators.Language;

/// <summary>What <see cref="LanguageIdentifier"/> says of one text.</summary>
/// <param name="Language">The most likely language of the set, as an ISO 639-1 code; null for a text with no letters to judge.</param>
/// <param name="Score">Its confidence from 0 to 1 (Lingua's probabilities over the set sum to 1); 0 when <paramref name="Language"/> is null.</param>
public readonly record struct LanguageGuess(string? Language, double Score);
