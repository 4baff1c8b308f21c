namespace Sluice.Operators.Text.Pii;

/// <summary>How many of each kind <see cref="PiiRedactor"/> replaced in one text.</summary>
/// <param name="Emails">E-mail addresses replaced.</param>
/// <param name="IpAddresses">IPv4 addresses replaced.</param>
/// <param name="Phones">Phone numbers replaced.</param>
public readonly record struct PiiCounts(int Emails, int IpAddresses, int Phones)
{
    /// <summary>All replacements.</summary>
    public int Total => Emails + IpAddresses + Phones;
}
