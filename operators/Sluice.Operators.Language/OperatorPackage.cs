using Sluice.Pipelines.Blueprint;

// Lingua's language models stay out of the CLI: scripts load this package with #r "sluice: language".
[assembly: SluiceOperatorPackage("language", Namespaces = ["Sluice.Operators.Language"])]
