using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>Shares one <see cref="S3ServerFixture"/> (the real S3 server) between this project's S3 test classes.</summary>
[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "pipelines-s3";
}
