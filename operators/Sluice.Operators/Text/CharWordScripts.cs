namespace Sluice.Operators.Text;

/// <summary>
/// Scripts written without spaces between words — Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer and Myanmar —
/// whose every character dedup's word split (<c>DedupText.Words</c>) treats as one word. Hangul is spaced in modern Korean but is
/// listed too, as in the brief that defines this rule; one syllable per word keeps 5-syllable shingles short enough
/// to survive edits. The ranges are the Unicode blocks of those scripts (bench/dedup/minhash_ref.py holds the same list).
/// </summary>
internal static class CharWordScripts
{
    /// <summary>True when <paramref name="codePoint"/> belongs to one of the listed scripts' blocks.</summary>
    public static bool Contains(int codePoint) => codePoint switch
    {
        < 0x0E00 => false,
        <= 0x0EFF => true,                                  // Thai, Lao
        >= 0x1000 and <= 0x109F => true,                    // Myanmar
        >= 0x1100 and <= 0x11FF => true,                    // Hangul Jamo
        >= 0x1780 and <= 0x17FF => true,                    // Khmer
        >= 0x19E0 and <= 0x19FF => true,                    // Khmer symbols
        >= 0x2E80 and <= 0x2FDF => true,                    // CJK and Kangxi radicals
        >= 0x3005 and <= 0x3007 => true,                    // ideographic iteration mark, closing mark, number zero
        >= 0x3021 and <= 0x3029 => true,                    // Hangzhou numerals
        >= 0x3038 and <= 0x303B => true,
        >= 0x3040 and <= 0x30FF => true,                    // Hiragana, Katakana
        >= 0x3130 and <= 0x318F => true,                    // Hangul compatibility Jamo
        >= 0x31F0 and <= 0x31FF => true,                    // Katakana phonetic extensions
        >= 0x3400 and <= 0x4DBF => true,                    // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,                    // CJK unified ideographs
        >= 0xA960 and <= 0xA97F => true,                    // Hangul Jamo extended A
        >= 0xA9E0 and <= 0xA9FF => true,                    // Myanmar extended B
        >= 0xAA60 and <= 0xAA7F => true,                    // Myanmar extended A
        >= 0xAC00 and <= 0xD7FF => true,                    // Hangul syllables, Jamo extended B
        >= 0xF900 and <= 0xFAFF => true,                    // CJK compatibility ideographs
        >= 0xFF65 and <= 0xFFDC => true,                    // half-width Katakana and Hangul
        >= 0x20000 and <= 0x3FFFF => true,                  // supplementary and tertiary ideographic planes
        _ => false,
    };

    /// <summary>True for Hangul's blocks: modern Korean puts spaces between words, so chunking keeps its words whole.</summary>
    public static bool IsHangul(int codePoint) => codePoint is >= 0x1100 and <= 0x11FF or >= 0x3130 and <= 0x318F
        or >= 0xA960 and <= 0xA97F or >= 0xAC00 and <= 0xD7FF or >= 0xFFA0 and <= 0xFFDC;
}
