using Sluice.Pipelines.Blueprint;

[assembly: SluiceOperatorPackage("shout", Namespaces = ["Acme.Shout"])]
