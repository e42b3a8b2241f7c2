namespace Par.Package.Tests;

/// <summary>The test classes that build against the packed feed; xunit creates its one <see cref="LocalParFeed"/> for them all.</summary>
[CollectionDefinition(Name)]
public sealed class LocalParFeedCollection : ICollectionFixture<LocalParFeed>
{
    public const string Name = "Local Par feed";
}
