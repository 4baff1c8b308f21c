using Sluice.Pipelines.Blueprint;

// TorchSharp and LibTorch (about 600 MB of natives) stay out of the CLI: scripts load this package with #r "sluice: torch".
[assembly: SluiceOperatorPackage("torch", Namespaces = ["Sluice.Operators.Torch", "Sluice.Operators.Torch.GroupMates"])]
