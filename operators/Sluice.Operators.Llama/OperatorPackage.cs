using Sluice.Pipelines.Blueprint;

// llama.cpp's natives stay out of the CLI: scripts load this package with #r "sluice: llama".
[assembly: SluiceOperatorPackage("llama", Namespaces = ["Sluice.Operators.Llama"])]
