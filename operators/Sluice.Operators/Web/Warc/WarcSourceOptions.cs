namespace Sluice.Operators.Web.Warc;

/// <summary>Options of <c>ReadWarc</c>.</summary>
public sealed record WarcSourceOptions
{
    /// <summary>
    /// The WARC-Types yielded (case-insensitive); records of other types are skipped, neither records nor rejects.
    /// Default: <c>response</c> and <c>conversion</c>, the pages of a WARC and the texts of a WET file.
    /// </summary>
    public IReadOnlyList<string> Types { get; init; } = ["response", "conversion"];

    /// <summary>
    /// Largest record read, in bytes: the WARC block (Content-Length), and for .warc.gz the bytes a gzip member
    /// inflates to. A bigger record is a reject and is skipped without being held in memory. Default 64 MiB.
    /// </summary>
    public long MaxRecordBytes { get; init; } = 64L << 20;

    /// <summary>
    /// A .warc.gz larger than this is planned as byte-range units of about this size, each reading the members that
    /// start in it (a unit after the first finds its first member by its gzip signature). 0: one unit per file.
    /// Plain .warc files are one unit each. Default 256 MiB.
    /// </summary>
    public long UnitBytes { get; init; } = 256L << 20;

    /// <summary>Decode text payloads to <see cref="WarcEntry.Text"/>. Default true.</summary>
    public bool DecodeText { get; init; } = true;

    /// <summary>Checks the options; called when the verb is added, so a bad value fails before any I/O.</summary>
    /// <exception cref="ArgumentException">No types, or a limit that is not positive (<see cref="UnitBytes"/>: negative).</exception>
    public void Validate()
    {
        if (Types is null || Types.Count == 0) throw new ArgumentException("WarcSourceOptions.Types must name at least one WARC-Type", nameof(Types));
        if (MaxRecordBytes <= 0 || MaxRecordBytes > Array.MaxLength)
            throw new ArgumentException($"WarcSourceOptions.MaxRecordBytes must be between 1 and {Array.MaxLength}, not {MaxRecordBytes}", nameof(MaxRecordBytes));
        if (UnitBytes < 0) throw new ArgumentException($"WarcSourceOptions.UnitBytes must not be negative, not {UnitBytes}", nameof(UnitBytes));
    }
}
