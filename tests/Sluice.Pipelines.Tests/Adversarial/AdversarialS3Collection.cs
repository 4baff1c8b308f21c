using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>Shares the real S3 server between the adversarial test classes that put run folders on it.</summary>
[CollectionDefinition(Name)]
public sealed class AdversarialS3Collection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "adversarial-s3";
}
