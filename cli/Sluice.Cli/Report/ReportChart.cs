namespace Sluice.Cli.Report;

/// <summary>One chart of a run report: a PNG written beside the page and embedded in it.</summary>
/// <param name="Name">Short file-name part, e.g. <c>records</c> (the file is <c>STEM-records.png</c>).</param>
/// <param name="Title">Heading and alternative text.</param>
/// <param name="Png">The image.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
internal sealed record ReportChart(string Name, string Title, byte[] Png, int Width, int Height);
