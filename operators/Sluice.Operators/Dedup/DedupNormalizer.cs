using System.Buffers;
using System.Globalization;
using System.Text;
using Sluice.Operators.Text;

namespace Sluice.Operators.Dedup;

/// <summary>
/// The one pass behind <see cref="DedupText.Normalize"/> and <see cref="MinHashSigner"/>: folds, lower-cases and
/// classifies each code point and writes the result into a pooled buffer, without a string per word.
/// </summary>
internal static class DedupNormalizer
{
    /// <summary>
    /// Normalises <paramref name="text"/> into <paramref name="buffer"/> (rented from <see cref="ArrayPool{T}.Shared"/>;
    /// replaced by a larger rented array when it fills, the old one returned) and gives the length written. With
    /// <paramref name="spaceCharWords"/> every character of a <see cref="CharWordScripts"/> script is also set apart
    /// by spaces, so that every word boundary is one space: the form the signer shingles.
    /// </summary>
    public static int NormalizeInto(ReadOnlySpan<char> text, ref char[] buffer, bool spaceCharWords)
    {
        var writer = new Writer(buffer, spaceCharWords);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (codePoint < 0x80)
            {
                writer.Ascii(codePoint);
                continue;
            }
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                codePoint = char.ConvertToUtf32(text[i], text[++i]);
            if (UnicodeFoldTable.Lookup(codePoint) is not { } folded)
                writer.NonAscii(codePoint);
            else
                foreach (var rune in folded.EnumerateRunes())
                    if (rune.Value < 0x80) writer.Ascii(rune.Value);
                    else writer.NonAscii(rune.Value);
        }
        buffer = writer.Buffer;
        return writer.Length;
    }

    /// <summary>Output state: pending separators, the digit-run rule and spacing of character words.</summary>
    private struct Writer(char[] buffer, bool spaceCharWords)
    {
        public char[] Buffer = buffer;
        public int Length;
        private bool _pendingSeparator;
        private bool _lastWasCharWord;
        private bool _inNumber;
        // A '.' or ',' right after a digit: it joins the number if a digit follows, else it was a separator.
        private bool _pendingJoin;

        public void Ascii(int c)
        {
            switch (c)
            {
                case >= 'a' and <= 'z':
                    Letter((char)c, charWord: false);
                    break;
                case >= 'A' and <= 'Z':
                    Letter((char)(c | 0x20), charWord: false);
                    break;
                case >= '0' and <= '9':
                    Digit();
                    break;
                case '.' or ',' when _inNumber && !_pendingJoin:
                    _pendingJoin = true;
                    break;
                default:
                    Separator();
                    break;
            }
        }

        public void NonAscii(int codePoint)
        {
            if (!Rune.IsValid(codePoint))
            {
                Separator(); // a lone surrogate
                return;
            }
            var rune = Rune.ToLowerInvariant(new Rune(codePoint));
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                    return; // accents, zero-width joiners, soft hyphens vanish without splitting the word
                case UnicodeCategory.DecimalDigitNumber:
                    Digit();
                    return;
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse:
                    Letter(rune, CharWordScripts.Contains(rune.Value));
                    return;
                default:
                    Separator();
                    return;
            }
        }

        private void Digit()
        {
            if (_inNumber)
            {
                _pendingJoin = false; // the rest of a run, or a run joined by '.' / ',': all one '0'
                return;
            }
            Letter('0', charWord: false);
            _inNumber = true;
        }

        private void Separator()
        {
            _inNumber = false;
            _pendingJoin = false;
            _pendingSeparator = true;
        }

        private void Letter(char c, bool charWord)
        {
            Space(charWord);
            if (Length == Buffer.Length) Grow();
            Buffer[Length++] = c;
        }

        private void Letter(Rune rune, bool charWord)
        {
            Space(charWord);
            if (Length + 2 > Buffer.Length) Grow();
            Length += rune.EncodeToUtf16(Buffer.AsSpan(Length));
        }

        private void Space(bool charWord)
        {
            if (_pendingJoin) _pendingSeparator = true; // the '.' or ',' was not followed by a digit
            _inNumber = false;
            _pendingJoin = false;
            if (Length > 0 && (_pendingSeparator || (spaceCharWords && (charWord || _lastWasCharWord))))
            {
                if (Length == Buffer.Length) Grow();
                Buffer[Length++] = ' ';
            }
            _pendingSeparator = false;
            _lastWasCharWord = charWord;
        }

        private void Grow()
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Max(64, Buffer.Length * 2));
            Buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(Buffer);
            Buffer = larger;
        }
    }
}
