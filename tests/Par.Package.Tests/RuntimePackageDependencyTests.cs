using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace Par.Package.Tests;

/// <summary>
/// What a consumer of the Par package gets besides Par itself: Par.Runtime's dependencies, and nothing that
/// only the tool needs (plotting lives in Par.Cli).
/// </summary>
[Collection(LocalParFeedCollection.Name)]
public sealed class RuntimePackageDependencyTests(LocalParFeed feed)
{
    [Fact]
    public void Par_runtime_depends_on_the_dsl_text_torchsharp_and_hashing_only()
    {
        var dependencies = Dependencies($"Par.Runtime.{feed.Version}.nupkg");

        // ScottPlot used to be here, for the training curves that Par.Cli now draws.
        Assert.Equal(["Par.Dsl", "Par.Text", "System.IO.Hashing", "TorchSharp", "TorchSharp.PyBridge"], dependencies);
    }

    private string[] Dependencies(string package)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(feed.Folder, package));
        var nuspec = archive.Entries.Single(entry => entry.FullName.EndsWith(".nuspec"));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().Where(element => element.Name.LocalName == "dependency")
            .Select(element => (string)element.Attribute("id")!)
            .Distinct()
            .Order()
            .ToArray();
    }
}
