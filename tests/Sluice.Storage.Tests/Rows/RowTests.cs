using System.Text.Json;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

namespace Sluice.Storage.Tests.Rows;

/// <summary>The row API: missing versus null, typed access with checked conversions, immutable edits, and the
/// conversions to and from typed records.</summary>
public sealed class RowTests
{
    private sealed record Doc(string Id, string Text, int? Year = null);

    private static Row Parse(string json) => JsonSerializer.Deserialize<Row>(json, SluiceJson.RecordReadOptions)!;

    [Fact]
    public void MissingAndNull_AreDistinguished()
    {
        var row = Parse("""{"id":"a","title":null}""");
        Assert.True(row.Has("title"));
        Assert.True(row.IsNull("title"));
        Assert.Null(row.Get<string>("title"));
        Assert.False(row.Has("text"));
        var e = Assert.Throws<KeyNotFoundException>(() => row.Get<string>("text"));
        Assert.Contains("no column 'text' (it has: id, title)", e.Message);
        Assert.Equal("fallback", row.GetOrDefault("text", "fallback"));
    }

    [Fact]
    public void Numbers_ConvertWhenTheyFit_AndAreRefusedOtherwise()
    {
        var row = Parse("""{"n":300,"x":2.5,"s":"12"}""");
        Assert.Equal(300, row.Get<int>("n"));
        Assert.Equal(300.0, row.Get<double>("n"));
        Assert.Equal(2.5f, row.Get<float>("x"));
        Assert.Contains("column 'n'", Assert.Throws<InvalidCastException>(() => row.Get<byte>("n")).Message);
        Assert.Contains("fraction", Assert.Throws<InvalidCastException>(() => row.Get<int>("x")).Message);
        Assert.Throws<InvalidCastException>(() => row.Get<int>("s"));
        Assert.Throws<InvalidCastException>(() => row.Get<string>("n"));
    }

    [Fact]
    public void Json_KeepsOrderNestingAndTypes_AndRefusesDuplicateKeys()
    {
        const string line = """{"b":1,"a":[1,"two",null,{"c":true}],"big":12345678901234567890,"f":1.0}""";
        var row = Parse(line);
        Assert.Equal(["b", "a", "big", "f"], row.Schema.Names);
        Assert.IsType<long>(row["b"]);
        Assert.IsType<double>(row["big"]);
        Assert.IsType<double>(row["f"]);
        var list = Assert.IsType<object?[]>(row["a"]);
        Assert.True(Assert.IsType<Row>(list[3]).Get<bool>("c"));
        Assert.Equal("""{"b":1,"a":[1,"two",null,{"c":true}],"big":1.2345678901234567E+19,"f":1}""", row.ToString());
        Assert.Throws<JsonException>(() => Parse("""{"a":1,"a":2}"""));
        Assert.Equal(["a", "A"], Parse("""{"a":1,"A":2}""").Schema.Names);
    }

    [Fact]
    public void With_Without_Select_ReturnNewRows()
    {
        var row = Row.Of(("id", "a"), ("n", 1L));
        var changed = row.With("n", 2L).With("extra", "x");
        Assert.Equal(1L, row["n"]);
        Assert.False(row.Has("extra"));
        Assert.Equal(["id", "n", "extra"], changed.Schema.Names);
        Assert.Equal(["id", "extra"], changed.Without("n").Schema.Names);
        Assert.Equal(["extra", "id"], changed.Select("extra", "id").Schema.Names);
        Assert.Throws<KeyNotFoundException>(() => row.Select("missing"));
    }

    [Fact]
    public void As_MapsColumnsByName_AndNamesWhatIsMissing()
    {
        var doc = Row.Of(("id", "d1"), ("text", "hello"), ("year", 2024L), ("unused", 1L)).As<Doc>();
        Assert.Equal(new Doc("d1", "hello", 2024), doc);
        var e = Assert.Throws<InvalidCastException>(() => Row.Of(("id", "d1")).As<Doc>());
        Assert.Contains("text", e.Message);
    }

    [Fact]
    public void From_TakesTheTypedSchema()
    {
        var row = Row.From(new Doc("d1", "hello", 7));
        Assert.Equal(["id", "text", "year"], row.Schema.Names);
        Assert.Equal("int32", row.Schema.Types[2]!.Name);
        Assert.Equal(7, row["year"]);
        Assert.Equal(new Doc("d1", "hello", 7), row.As<Doc>());
    }
}
