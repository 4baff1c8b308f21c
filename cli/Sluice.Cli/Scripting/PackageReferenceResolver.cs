using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Sluice.Cli.Packages;

namespace Sluice.Cli.Scripting;

/// <summary>
/// Resolves a script's <c>#r</c> lines: <c>#r "sluice: NAME"</c> to the main assembly of the operator package
/// <c>NAME</c> (see <see cref="OperatorPackages.Roots"/>); anything else (a path, relative to the script) as Roslyn's
/// own resolver does. Assemblies a reference needs but the script does not name (TorchSharp for the torch package)
/// are found beside the assembly that needs them.
/// </summary>
internal sealed class PackageReferenceResolver(MetadataReferenceResolver inner) : MetadataReferenceResolver
{
    /// <summary>The prefix of a reference by package name.</summary>
    public const string Scheme = "sluice:";

    /// <summary>The package name of a <c>sluice: NAME</c> reference, or null for any other reference.</summary>
    public static string? PackageName(string reference) =>
        reference.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? reference[Scheme.Length..].Trim() : null;

    /// <inheritdoc />
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        PackageName(reference) is { } name
            ? OperatorPackages.Find(name) is { } main ? [MetadataReference.CreateFromFile(main, properties)] : []
            : inner.ResolveReference(reference, baseFilePath, properties);

    /// <inheritdoc />
    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    /// <inheritdoc />
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity);

    /// <inheritdoc />
    public override bool Equals(object? other) => other is PackageReferenceResolver r && r.Inner.Equals(Inner);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(typeof(PackageReferenceResolver), Inner);

    private MetadataReferenceResolver Inner => inner;
}
