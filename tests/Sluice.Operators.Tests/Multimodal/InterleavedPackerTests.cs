using Sluice.Operators.Multimodal;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Tests.Multimodal;

/// <summary>Interleaved packing at and around the sequence boundary, and the rejects.</summary>
public sealed class InterleavedPackerTests
{
    private static readonly InterleavedPackOptions Eight = new() { SequenceLength = 8, PadToken = -1 };

    private static ModalSpan Text(int n, int from = 100) => new("text", [.. Enumerable.Range(from, n)]);

    private static ModalSpan Image(int n, int from = 500) => new("image", [.. Enumerable.Range(from, n)]);

    private static List<InterleavedSequence> Pack(InterleavedPackOptions options, params (string Id, ModalSpan[] Spans)[] documents)
    {
        var packer = new InterleavedPacker(options, "u000000");
        var all = new List<InterleavedSequence>();
        foreach (var (id, spans) in documents)
        {
            packer.Add(id, spans);
            all.AddRange(packer.TakeCompleted());
        }
        all.AddRange(packer.Finish());
        foreach (var s in all) AssertWellFormed(s, options);
        return all;
    }

    // Every sequence: full length, the modality masks partition the positions, counts agree with the column.
    private static void AssertWellFormed(InterleavedSequence s, InterleavedPackOptions options)
    {
        Assert.Equal(options.SequenceLength, s.Tokens.Length);
        Assert.Equal(options.SequenceLength, s.Modality.Length);
        var names = options.Modalities.Append(InterleavedPackOptions.PadModality).ToArray();
        var masks = names.Select((_, m) => s.Modality.Select(x => x == m).ToArray()).ToArray();
        for (var i = 0; i < s.Tokens.Length; i++) Assert.Equal(1, masks.Count(mask => mask[i]));
        for (var m = 0; m < names.Length; m++) Assert.Equal(masks[m].Count(x => x), s.TokensByModality[names[m]]);
        Assert.Equal(options.SequenceLength, s.TokensByModality.Values.Sum());
    }

    private static string Modalities(InterleavedSequence s) => string.Concat(s.Modality.Select(m => "tisp"[m]));

    [Fact]
    public void Text_ExactlyOneSequence_NoPaddingNoContinuation()
    {
        var s = Assert.Single(Pack(Eight, ("a", [Text(8)])));
        Assert.Equal("tttttttt", Modalities(s));
        Assert.Equal([0], s.DocumentStarts);
        Assert.False(s.ContinuesDocument);
        Assert.Equal(Enumerable.Range(100, 8), s.Tokens);
    }

    [Fact]
    public void Text_OneTokenOver_SplitsAndContinues()
    {
        var seqs = Pack(Eight, ("a", [Text(9)]));
        Assert.Equal(2, seqs.Count);
        Assert.Equal(["u000000-000000", "u000000-000001"], seqs.Select(s => s.Id));
        Assert.Equal("tppppppp", Modalities(seqs[1]));
        Assert.Equal([108, -1, -1, -1, -1, -1, -1, -1], seqs[1].Tokens);
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Empty(seqs[1].DocumentStarts);
        Assert.Equal(["a"], seqs[1].Documents);
    }

    [Fact]
    public void Image_ExactlyFillsTheRest_NoPadding()
    {
        var s = Assert.Single(Pack(Eight, ("a", [Text(3), Image(5)])));
        Assert.Equal("tttiiiii", Modalities(s));
        Assert.Equal(0, s.TokensByModality["pad"]);
    }

    [Fact]
    public void Image_OneTokenTooLong_MovesWholeToTheNextSequence_PreviousPadded()
    {
        var seqs = Pack(Eight, ("a", [Text(3), Image(6), Text(2, 200)]));
        Assert.Equal(2, seqs.Count);
        Assert.Equal("tttppppp", Modalities(seqs[0]));
        Assert.Equal("iiiiiitt", Modalities(seqs[1]));
        Assert.Equal(Enumerable.Range(500, 6).Concat([200, 201]), seqs[1].Tokens);
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Equal([0], seqs[0].DocumentStarts);
        Assert.Empty(seqs[1].DocumentStarts);
    }

    [Fact]
    public void Image_AsLongAsASequence_FillsOne_OneLonger_Rejected()
    {
        var s = Pack(Eight, ("a", [Image(8)]));
        Assert.Equal("iiiiiiii", Modalities(Assert.Single(s)));
        Assert.Equal("span 1 (image, 9 tokens) is longer than a sequence of 8 and is never split",
            InterleavedPacker.Check([Text(2), Image(9)], Eight));
        Assert.Throws<ArgumentException>(() => new InterleavedPacker(Eight, "u").Add("b", [Image(9)]));
        // A text span of any length is fine: it is cut.
        Assert.Null(InterleavedPacker.Check([Text(100)], Eight));
    }

    [Fact]
    public void Documents_FollowInOneSequence_StartsAndIdsListed()
    {
        var seqs = Pack(Eight, ("a", [Text(3)]), ("b", [Text(2), Image(2)]), ("c", [Text(4)]));
        Assert.Equal(2, seqs.Count);
        Assert.Equal("tttttiit", Modalities(seqs[0]));
        Assert.Equal([0, 3, 7], seqs[0].DocumentStarts);
        Assert.Equal(["a", "b", "c"], seqs[0].Documents);
        Assert.Equal("tttppppp", Modalities(seqs[1]));
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Equal(["c"], seqs[1].Documents);
    }

    [Fact]
    public void Document_EndsAtTheBoundary_NextStartsFreshSequence()
    {
        var seqs = Pack(Eight, ("a", [Text(8)]), ("b", [Image(2)]));
        Assert.False(seqs[1].ContinuesDocument);
        Assert.Equal([0], seqs[1].DocumentStarts);
        Assert.Equal("iipppppp", Modalities(seqs[1]));
    }

    [Fact]
    public void Document_StartingWithAnImageThatDoesNotFit_StartsInTheNextSequence()
    {
        var seqs = Pack(Eight, ("a", [Text(5)]), ("b", [Image(4)]));
        Assert.Equal([0], seqs[0].DocumentStarts);
        Assert.Equal(["a"], seqs[0].Documents);
        Assert.Equal([0], seqs[1].DocumentStarts);
        Assert.False(seqs[1].ContinuesDocument);
        Assert.Equal(["b"], seqs[1].Documents);
    }

    [Fact]
    public void EndOfDocument_AppendedAsText_AndCutLikeText()
    {
        var seqs = Pack(Eight with { EndOfDocumentToken = 2 }, ("a", [Text(8)]), ("b", [Speech(3)]));
        Assert.Equal(2, seqs.Count);
        Assert.True(seqs[1].ContinuesDocument);
        Assert.Equal(2, seqs[1].Tokens[0]);
        Assert.Equal("tssstppp", Modalities(seqs[1]));
        Assert.Equal([1], seqs[1].DocumentStarts);
    }

    private static ModalSpan Speech(int n) => new("speech", [.. Enumerable.Range(900, n)]);

    [Theory]
    [InlineData("pad", "may not name 'pad'")]
    [InlineData("", "distinct, non-empty")]
    public void Options_BadModalities_Throw(string modality, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => (Eight with { Modalities = ["text", modality] }).Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Check_UnknownModalityAndEmpty_NamedReasons()
    {
        Assert.Equal("span 0 has modality 'video', not one of text, image, speech", InterleavedPacker.Check([new ModalSpan("video", [1])], Eight));
        Assert.Equal("no tokens", InterleavedPacker.Check([Text(0)], Eight));
        Assert.Equal("no spans", InterleavedPacker.Check([], Eight));
    }

    [Fact]
    public async Task PackInterleaved_InAPipeline_RejectsUnpackable_PacksTheRestPerUnit()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-mm-").FullName;
        try
        {
            var input = Path.Combine(dir, "docs.jsonl");
            File.WriteAllLines(input,
            [
                """{"id":"a","spans":[{"modality":"text","tokens":[1,2,3]},{"modality":"image","tokens":[10,11,12,13,14,15]}]}""",
                """{"id":"too-big","spans":[{"modality":"image","tokens":[1,2,3,4,5,6,7,8,9]}]}""",
                """{"id":"b","spans":[{"modality":"speech","tokens":[20,21]},{"modality":"text","tokens":[4,5,6,7,8,9,10]}]}""",
            ]);
            var seqs = await RecordCollector.CollectAsync(p => p.ReadJsonl<InterleavedDocument>(input).PackInterleaved(Eight));

            Assert.Equal(3, seqs.Count);
            Assert.Equal("tttppppp", Modalities(seqs[0]));
            Assert.Equal("iiiiiiss", Modalities(seqs[1]));
            Assert.Equal([6], seqs[1].DocumentStarts);
            Assert.Equal(["a", "b"], seqs[1].Documents);
            Assert.Equal("tttttttp", Modalities(seqs[2]));
            Assert.All(seqs, s => AssertWellFormed(s, Eight));
            Assert.DoesNotContain(seqs, s => s.Documents.Contains("too-big"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
