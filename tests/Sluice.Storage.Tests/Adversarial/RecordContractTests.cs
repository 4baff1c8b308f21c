using System.Text;
using System.Text.Json;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Tests.Adversarial;

/// <summary>
/// A JSONL line that puts a null where the record type forbids one, leaves such a field out, or gives a key twice
/// is a reject of that line with a reason naming the field or key; every other line is read as before.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class RecordContractTests
{
    private static List<JsonlItem<T>> Read<T>(params string[] lines)
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        var items = new List<JsonlItem<T>>();
        var reading = JsonlFormat.ReadAsync<T>(stream, JsonlReadOptions.Default).GetAsyncEnumerator();
        while (reading.MoveNextAsync().AsTask().GetAwaiter().GetResult()) items.Add(reading.Current);
        return items;
    }

    /// <summary>The hostile line sits between two good ones; both good ones are kept, the hostile one alone is rejected.</summary>
    private static string AssertOnlyMiddleRejected<T>(string hostile, Func<T, string> id, string good1, string good2)
    {
        var items = Read<T>(good1, hostile, good2);

        Assert.Equal(3, items.Count);
        Assert.True(items[0].IsOk, items[0].Error);
        Assert.True(items[2].IsOk, items[2].Error);
        Assert.Equal(["g1", "g2"], new[] { id(items[0].Record!), id(items[2].Record!) });
        Assert.False(items[1].IsOk, $"accepted: {hostile}");
        Assert.False(items[1].Fatal);
        Assert.Equal(2, items[1].Line);
        return items[1].Error!;
    }

    private static string AssertArticleRejected(string hostile) => AssertOnlyMiddleRejected<Article>(hostile, a => a.Id,
        """{"id":"g1","title":"t","text":"x"}""", """{"id":"g2","text":"y"}""");

    public static TheoryData<string, string> ForbiddenNulls() => new()
    {
        { """{"id":"x","title":"t","text":null}""", "text" },
        { """{"id":"x","title":"t"}""", "text" },
        { """{"id":null,"text":"a"}""", "id" },
        { """{"text":"a"}""", "id" },
        { """{}""", "id" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenNulls))]
    public void Read_NullOrMissingNonNullableField_RejectsTheLineNamingFieldAndType(string hostile, string field)
    {
        var reason = AssertArticleRejected(hostile);

        Assert.Contains($"field '{field}' is null or missing", reason);
        Assert.Contains($"Article.{char.ToUpperInvariant(field[0])}{field[1..]} is not nullable", reason);
    }

    [Theory]
    [InlineData("""{"id":"x","title":null,"text":"a"}""")]
    [InlineData("""{"id":"x","text":"a"}""")]
    [InlineData("""{"id":"x","text":"","extra":null,"more":{"a":1}}""")]
    public void Read_NullOrMissingNullableField_IsKept(string line)
    {
        var item = Assert.Single(Read<Article>(line));

        Assert.True(item.IsOk, item.Error);
        Assert.Null(item.Record!.Title);
    }

    [Fact]
    public void Read_EveryNonNullableFieldNulledOrDropped_IsRejectedAndNothingElse()
    {
        // Each of Article's fields, in turn, set to null and left out of an otherwise valid line.
        var fields = new Dictionary<string, string> { ["id"] = "\"x\"", ["title"] = "\"t\"", ["text"] = "\"a\"" };
        foreach (var field in fields.Keys)
        {
            var nulled = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{(f.Key == field ? "null" : f.Value)}")) + "}";
            var dropped = "{" + string.Join(",", fields.Where(f => f.Key != field).Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
            foreach (var line in new[] { nulled, dropped })
            {
                var item = Assert.Single(Read<Article>(line));
                if (field == "title") Assert.True(item.IsOk, item.Error);
                else Assert.Contains($"field '{field}'", item.Error);
            }
        }
    }

    [Theory]
    [InlineData("""{"id":"a","id":"b","text":"t"}""", "id")]
    [InlineData("""{"id":"a","ID":"b","text":"t"}""", "id")]
    [InlineData("""{"id":"a","text":"t","title":"x","title":null}""", "title")]
    [InlineData("""{"id":"a","text":"t","text":"u"}""", "text")]
    public void Read_DuplicateKey_RejectsTheLineNamingTheKey(string hostile, string key)
    {
        var reason = AssertArticleRejected(hostile);

        Assert.Contains($"Duplicate property '{key}'", reason);
    }

    [Fact]
    public void Read_DuplicateKeyInANestedObjectOrDictionary_Rejects()
    {
        const string good1 = """{"id":"g1","head":{"id":"h","text":"x"},"replies":[],"tags":[],"notes":[]}""";
        const string good2 = """{"id":"g2","head":{"id":"h","text":"x"},"replies":[{"id":"r","text":"y"}],"tags":["a"],"notes":[null]}""";

        var reason = AssertOnlyMiddleRejected<Discussion>(
            """{"id":"x","head":{"id":"h","text":"x","text":"y"},"replies":[],"tags":[],"notes":[]}""", t => t.Id, good1, good2);
        Assert.Contains("Duplicate property 'text'", reason);

        var dictionary = Read<Dictionary<string, int>>("""{"a":1,"a":2}""");
        Assert.False(Assert.Single(dictionary).IsOk);
    }

    [Theory]
    [InlineData("""{"id":"x","head":{"id":"h","text":null},"replies":[],"tags":[],"notes":[]}""", "field 'text'", "$.head")]
    [InlineData("""{"id":"x","head":{"id":"h","text":"x"},"replies":[{"id":"r"}],"tags":[],"notes":[]}""", "field 'text'", "$.replies[0]")]
    [InlineData("""{"id":"x","head":{"id":"h","text":"x"},"tags":[],"notes":[]}""", "field 'replies'", null)]
    [InlineData("""{"id":"x","head":{"id":"h","text":"x"},"replies":[null],"tags":[],"notes":[]}""", "field 'replies[0]' holds a null item", null)]
    [InlineData("""{"id":"x","head":{"id":"h","text":"x"},"replies":[],"tags":["a",null],"notes":[]}""", "field 'tags[1]' holds a null item", null)]
    public void Read_ForbiddenNullInANestedRecordOrList_RejectsNamingWhere(string hostile, string why, string? path)
    {
        const string good1 = """{"id":"g1","head":{"id":"h","text":"x"},"replies":[],"tags":[],"notes":[]}""";
        const string good2 = """{"id":"g2","head":{"id":"h","text":"x"},"replies":[],"tags":[],"notes":[null]}""";

        var reason = AssertOnlyMiddleRejected<Discussion>(hostile, t => t.Id, good1, good2);

        Assert.Contains(why, reason);
        if (path is not null) Assert.Contains($"(at {path})", reason);
    }

    [Theory]
    [InlineData("""{"mode":"slow","owner":"o"}""", "name")]
    [InlineData("""{"name":null,"owner":"o"}""", "name")]
    [InlineData("""{"name":"n"}""", "owner")]
    [InlineData("""{"name":"n","owner":"o","mode":null}""", "mode")]
    public void Read_RequiredOrInitOnlyMemberNullOrMissing_Rejects(string hostile, string field)
    {
        var items = Read<Settings>(hostile, """{"name":"n","owner":"o"}""");

        Assert.False(items[0].IsOk, $"accepted: {hostile}");
        Assert.Contains($"'{field}'", items[0].Error);
        Assert.True(items[1].IsOk, items[1].Error);
        Assert.Equal("fast", items[1].Record!.Mode);
    }

    [Fact]
    public void Write_RecordHoldingAForbiddenNull_StillSerializes()
    {
        // Writing keeps the lenient options: a shard is never refused for what a script put in a record.
        var json = JsonSerializer.Serialize(new Article("x", null, null!), SluiceJson.Options);

        Assert.Equal("""{"id":"x","title":null,"text":null}""", json);
    }
}
