namespace Sluice.Operators.Training.Megatron;

/// <summary>How <see cref="MegatronExport"/> maps packed sequences to Megatron-LM items and documents.</summary>
public enum MegatronLayout
{
    /// <summary>
    /// One item per document segment of each packed sequence, one Megatron document per source document (a document
    /// split across sequences is several items of one document); padding is not written. The <c>.bin</c> is the unit
    /// streams' tokens in order, and Megatron's GPTDataset, which samples across documents itself, sees the true
    /// document boundaries. The default.
    /// </summary>
    Documents,

    /// <summary>One item and one document per packed sequence, padding included: every item is exactly the pack's
    /// length, for trainers that read the packed rows as they are.</summary>
    Sequences,
}
