using Sluice.Operators.Images.Sources;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images;

/// <summary>The <c>Read…</c> verbs for image–alt-text pairs.</summary>
public static class ImageSourceVerbs
{
    /// <summary>Reads WebDataset tar shards (image + JSON <c>texts</c>) streamed from the store.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<ImageAltPair> ReadWebDataset(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new WebDatasetSource(uri), name ?? "read-webdataset");

    /// <summary>Reads every <c>&lt;img&gt;</c> of HTML pages with its alt-text, file and surrounding text.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<ImageAltPair> ReadHtmlImages(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new HtmlImageSource(uri), name ?? "read-html-images");

    /// <summary>Reads Parquet rows of image bytes and alt-texts (<see cref="ParquetImageRow"/>).</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<ImageAltPair> ReadParquetImages(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new ParquetImageSource(uri), name ?? "read-parquet-images");
}
