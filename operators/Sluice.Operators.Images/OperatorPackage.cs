using Sluice.Pipelines.Blueprint;

// Images (SkiaSharp) and the Altogether recipe: bundled with the CLI, so scripts need no #r line for them.
[assembly: SluiceOperatorPackage("images", Namespaces =
[
    "Sluice.Operators.Images", "Sluice.Operators.Images.Imaging", "Sluice.Operators.Images.Dedup", "Sluice.Operators.Images.Sources",
    "Sluice.Operators.Images.Altogether",
])]
