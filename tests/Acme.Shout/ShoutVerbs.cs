using System.Globalization;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Acme.Shout;

/// <summary>The one verb of the sample package.</summary>
public static class ShoutVerbs
{
    /// <summary>Upper-cases each document's text (invariant culture).</summary>
    /// <param name="flow">The documents.</param>
    /// <param name="name">The operator's name; default <c>shout</c>.</param>
    [Verb(OperatorRole.Transform, Rule = "text upper-cased, invariant culture")]
    public static Flow<Document> Shout(this Flow<Document> flow, string? name = null) =>
        flow.Map(d => d with { Text = d.Text.ToUpper(CultureInfo.InvariantCulture) }, name ?? "shout");
}
