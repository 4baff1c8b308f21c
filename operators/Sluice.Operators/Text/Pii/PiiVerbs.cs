using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Text.Pii;

/// <summary>PII redaction verbs.</summary>
public static class PiiVerbs
{
    /// <summary>Replaces e-mail addresses, public IPv4 addresses and phone numbers in each document's title and text (<see cref="PiiRedactor"/>).</summary>
    [Verb(OperatorRole.Transform, Rule = "DataTrove PIIFormatter e-mail and IP patterns, plus phone numbers")]
    public static Flow<Document> RedactPii(this Flow<Document> flow, PiiOptions? options = null, string? name = null)
    {
        var o = options ?? new PiiOptions();
        return flow.Map(d => d with
        {
            Title = d.Title is null ? null : PiiRedactor.Redact(d.Title, o).Text,
            Text = d.Text is null ? d.Text! : PiiRedactor.Redact(d.Text, o).Text,
        }, name ?? "redact-pii");
    }

    /// <summary>
    /// Replaces PII in a row's string <paramref name="column"/> and adds the counts as columns <c>pii_emails</c>,
    /// <c>pii_ips</c> and <c>pii_phones</c> (int64), so a later filter or report can use them. Rows without the column, or
    /// with a non-string value there, pass unchanged with zero counts.
    /// </summary>
    [Verb(OperatorRole.Transform, Rule = "DataTrove PIIFormatter e-mail and IP patterns, plus phone numbers")]
    public static Flow<Row> RedactPii(this Flow<Row> flow, string column = "text", PiiOptions? options = null, string? name = null)
    {
        var o = options ?? new PiiOptions();
        return flow.Map(row =>
        {
            var (text, counts) = row.TryGetValue(column, out var value) && value is string s ? PiiRedactor.Redact(s, o) : (null, default(PiiCounts));
            var redacted = text is null ? row : row.With(column, text);
            return redacted.With("pii_emails", (long)counts.Emails).With("pii_ips", (long)counts.IpAddresses).With("pii_phones", (long)counts.Phones);
        }, name ?? "redact-pii");
    }
}
