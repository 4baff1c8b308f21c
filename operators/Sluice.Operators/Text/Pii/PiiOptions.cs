namespace Sluice.Operators.Text.Pii;

/// <summary>
/// What <see cref="PiiRedactor"/> replaces, after DataTrove's <c>PIIFormatter</c> (huggingface/datatrove
/// <c>pipeline/formatters/pii.py</c>, commit 386e030ded83329200720fb3aa231c5a7e29937b) for e-mail and IP addresses, plus
/// phone numbers.
/// </summary>
public sealed record PiiOptions
{
    /// <summary>Replace e-mail addresses. Default true.</summary>
    public bool Emails { get; init; } = true;

    /// <summary>Replace IPv4 addresses. Default true.</summary>
    public bool IpAddresses { get; init; } = true;

    /// <summary>Only public IPv4 addresses (not private, loopback, link-local, shared, documentation or reserved ones). Default true, as DataTrove.</summary>
    public bool OnlyPublicIps { get; init; } = true;

    /// <summary>Replace phone numbers (international <c>+CC …</c> and North American forms). Default true.</summary>
    public bool Phones { get; init; } = true;

    /// <summary>E-mail replacements, used in turn within a document. Default DataTrove's: example.com and example.org addresses.</summary>
    public IReadOnlyList<string> EmailReplacements { get; init; } = ["email@example.com", "firstname.lastname@example.org"];

    /// <summary>IP replacements, used in turn within a document. Default DataTrove's list of unresponsive addresses.</summary>
    public IReadOnlyList<string> IpReplacements { get; init; } =
        ["22.214.171.124", "126.96.36.199", "188.8.131.52", "184.108.40.206", "220.127.116.11", "18.104.22.168"];

    /// <summary>Phone replacements, used in turn within a document. Default numbers of the range reserved for fiction (555-0100 to 555-0199).</summary>
    public IReadOnlyList<string> PhoneReplacements { get; init; } = ["+1 555 010 0100", "+1 555 010 0123"];
}
