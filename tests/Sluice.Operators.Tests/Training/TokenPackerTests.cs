using Sluice.Operators.Training;

namespace Sluice.Operators.Tests.Training;

/// <summary>Packing at and around sequence boundaries, long documents, tails, views and empty units.</summary>
public sealed class TokenPackerTests
{
    // Document d of length n holds ids d*1000 + 0..n-1, so every token says where it came from.
    private static TokenizedDocument Doc(int d, int n) => new($"d{d}", Enumerable.Range(d * 1000, n).ToArray());

    private static List<PackedSequence> Pack(PackOptions options, params TokenizedDocument[] docs)
    {
        var packer = new TokenPacker("u0", options);
        foreach (var d in docs) packer.Add(d);
        return packer.Complete().ToList();
    }

    private static PackOptions Length(int n, PackTail tail = PackTail.Pad) => new() { SequenceLength = n, Tail = tail, PadId = 9 };

    [Fact]
    public void ExactlyOneSequence_NoPadding_OneSegment()
    {
        var s = Assert.Single(Pack(Length(8), Doc(1, 8)));
        Assert.Equal(8, s.Length);
        Assert.Equal([0], s.SegmentStarts);
        Assert.Equal(["d1"], s.SegmentDocuments);
        Assert.False(s.ContinuesDocument);
    }

    [Fact]
    public void OneTokenOver_SecondSequencePaddedAndContinues()
    {
        var seqs = Pack(Length(8), Doc(1, 9));
        Assert.Equal(2, seqs.Count);
        Assert.Equal(1, seqs[1].Length);
        Assert.Equal([1008, 9, 9, 9, 9, 9, 9, 9], seqs[1].Tokens);
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Equal(["d1"], seqs[1].SegmentDocuments);
    }

    [Fact]
    public void DocumentEndsOnBoundary_NextSequenceStartsFreshDocument()
    {
        var seqs = Pack(Length(8), Doc(1, 8), Doc(2, 3));
        Assert.Equal(2, seqs.Count);
        Assert.False(seqs[1].ContinuesDocument);
        Assert.Equal(["d2"], seqs[1].SegmentDocuments);
        Assert.Equal(3, seqs[1].Length);
    }

    [Fact]
    public void SeveralDocumentsInOneSequence_SegmentOffsetsAtEachStart()
    {
        var seqs = Pack(Length(8), Doc(1, 3), Doc(2, 2), Doc(3, 5));
        Assert.Equal([0, 3, 5], seqs[0].SegmentStarts);
        Assert.Equal(["d1", "d2", "d3"], seqs[0].SegmentDocuments);
        Assert.Equal([1000, 1001, 1002, 2000, 2001, 3000, 3001, 3002], seqs[0].Tokens);
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Equal([3003, 3004, 9, 9, 9, 9, 9, 9], seqs[1].Tokens);
    }

    [Fact]
    public void LongDocument_SplitAcrossSequences_EachContinuesIt()
    {
        var seqs = Pack(Length(4), Doc(1, 10));
        Assert.Equal(3, seqs.Count);
        Assert.Equal([false, true, true], seqs.Select(s => s.ContinuesDocument));
        Assert.All(seqs, s => Assert.Equal(["d1"], s.SegmentDocuments));
        Assert.Equal([4, 4, 2], seqs.Select(s => s.Length));
        Assert.Equal([0, 1, 2], seqs.Select(s => s.Index));
    }

    [Fact]
    public void DropTail_OnlyFullSequences()
    {
        Assert.Single(Pack(Length(8, PackTail.Drop), Doc(1, 9)));
        Assert.Empty(Pack(Length(8, PackTail.Drop), Doc(1, 7)));
        Assert.Equal(2, Pack(Length(8, PackTail.Drop), Doc(1, 10), Doc(2, 6)).Count);
    }

    [Fact]
    public void EmptyUnit_NoSequences() => Assert.Empty(Pack(Length(8)));

    [Fact]
    public void TwoViews_SequencesOverlapByOne_ViewOneIsTheShiftedTarget()
    {
        // Stream 0..9 (one document), length 4, 2 views: sequences cover [0,5), [4,9), [8,10)+padding.
        var seqs = Pack(new PackOptions { SequenceLength = 4, Views = 2, PadId = 9 }, new TokenizedDocument("d", Enumerable.Range(0, 10).ToArray()));
        Assert.Equal(3, seqs.Count);
        Assert.Equal([0, 1, 2, 3, 4], seqs[0].Tokens);
        Assert.Equal([4, 5, 6, 7, 8], seqs[1].Tokens);
        Assert.Equal([8, 9, 9, 9, 9], seqs[2].Tokens);
        Assert.Equal(2, seqs[2].Length);
        // The last input (token 8) has its target (9): nothing is an input without its target, nothing is lost.
        Assert.Equal([1, 2, 3, 4], seqs[0].Tokens[1..5]);
    }

    [Fact]
    public void TwoViews_StreamEndsRightAfterASequence_NoSequenceWithoutATarget()
    {
        // Stream 0..4, length 4, 2 views: the one sequence [0,5) already has every input's target.
        var seqs = Pack(new PackOptions { SequenceLength = 4, Views = 2 }, new TokenizedDocument("d", Enumerable.Range(0, 5).ToArray()));
        Assert.Single(seqs);
    }

    [Fact]
    public void RandomDocuments_ConcatenatedSequences_GiveBackTheStreamAndBoundaries()
    {
        var random = new Random(18);
        for (int trial = 0; trial < 50; trial++)
        {
            int length = random.Next(1, 40);
            var docs = Enumerable.Range(0, random.Next(0, 12)).Select(d => Doc(d, random.Next(1, 100))).ToArray();
            var seqs = Pack(Length(length), docs);
            Assert.Equal(docs.SelectMany(d => d.Tokens), seqs.SelectMany(s => s.Tokens[..s.Length]));
            Assert.All(seqs.Take(Math.Max(0, seqs.Count - 1)), s => Assert.Equal(length, s.Length));
            // Rebuild documents from segments: same ids, same tokens.
            var rebuilt = new List<(string Id, List<int> Tokens)>();
            foreach (var s in seqs)
                for (int i = 0; i < s.SegmentStarts.Length; i++)
                {
                    int end = i + 1 < s.SegmentStarts.Length ? s.SegmentStarts[i + 1] : s.Length;
                    if (i > 0 || !s.ContinuesDocument) rebuilt.Add((s.SegmentDocuments[i], []));
                    Assert.Equal(rebuilt[^1].Id, s.SegmentDocuments[i]);
                    rebuilt[^1].Tokens.AddRange(s.Tokens[s.SegmentStarts[i]..end]);
                }
            Assert.Equal(docs.Select(d => d.Id), rebuilt.Select(r => r.Id));
            Assert.Equal(docs.Select(d => d.Tokens), rebuilt.Select(r => r.Tokens.ToArray()));
        }
    }

    [Fact]
    public void Options_Invalid_ThrowBeforeAnyRecord()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenPacker("u", new PackOptions { SequenceLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenPacker("u", new PackOptions { Views = 0 }));
    }
}
