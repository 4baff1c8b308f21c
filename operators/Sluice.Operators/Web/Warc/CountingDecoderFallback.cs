using System.Text;

namespace Sluice.Operators.Web.Warc;

/// <summary>Replaces every invalid byte sequence with U+FFFD and counts the bytes replaced. One per decode call.</summary>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    /// <summary>Bytes replaced so far.</summary>
    public int InvalidBytes { get; private set; }

    /// <inheritdoc />
    public override int MaxCharCount => 1;

    /// <inheritdoc />
    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Replacement(this);

    private sealed class Replacement(CountingDecoderFallback owner) : DecoderFallbackBuffer
    {
        private int _left;

        public override int Remaining => _left;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.InvalidBytes += bytesUnknown.Length;
            _left = 1;
            return true;
        }

        public override char GetNextChar()
        {
            if (_left == 0) return '\0';
            _left--;
            return '\uFFFD';
        }

        public override bool MovePrevious()
        {
            if (_left > 0) return false;
            _left = 1;
            return true;
        }

        public override void Reset() => _left = 0;
    }
}
