namespace Sluice.Operators.Search.Lexical;

/// <summary>How passage and query text is cut into index terms; chosen when a <see cref="Bm25Index"/> is built and
/// recorded with it, so queries are always analysed the way the passages were.</summary>
public enum Bm25Analyzer
{
    /// <summary>Lucene's <c>EnglishAnalyzer</c>: Unicode word boundaries, lower case, English possessives removed,
    /// English stop words dropped, Porter stemming ("fractures" and "fractured" meet at "fractur"). The analyser
    /// Anserini and Pyserini use by default for English collections.</summary>
    English,

    /// <summary>Lucene's <c>StandardAnalyzer</c> with no stop words: tokens at Unicode UAX #29 word boundaries, lower
    /// case, nothing stemmed. The fallback for other languages and scripts; UAX #29 gives Han and Hiragana one token per
    /// character and keeps Thai or Lao runs whole, so those languages match only coarsely.</summary>
    Standard,
}
