using Sluice.Pipelines.Blueprint;

// The core operator library: bundled with the CLI, so every script imports these namespaces without a #r line.
[assembly: SluiceOperatorPackage("operators", Namespaces =
[
    "Sluice.Operators", "Sluice.Operators.Text", "Sluice.Operators.Text.Cleaning", "Sluice.Operators.Text.Chunking", "Sluice.Operators.Text.Quality", "Sluice.Operators.Text.Pii",
    "Sluice.Operators.Embedding", "Sluice.Operators.Search", "Sluice.Operators.Search.Lexical", "Sluice.Operators.Clustering", "Sluice.Operators.Selection",
    "Sluice.Operators.Llm.Endpoints", "Sluice.Operators.Drama", "Sluice.Operators.Dedup", "Sluice.Operators.Web.Urls",
    "Sluice.Operators.Web.Warc", "Sluice.Operators.Web.Html", "Sluice.Operators.Training", "Sluice.Operators.Training.Megatron",
    "Sluice.Operators.Shuffle", "Sluice.Operators.Multimodal",
])]
