using System;
using System.IO;
using System.Linq;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Search.Reporting;

namespace Par.Search.Tests;

public sealed class FoundModelWriterTests
{
    private static readonly SearchProvenance FixedProvenance = new(
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        "patterned test stream",
        "token ids",
        TimeSpan.FromSeconds(12.5),
        TimeSpan.FromSeconds(10));

    private static SearchResult Search(int? seed = null)
    {
        var tokens = TinySearch.Tokens();
        return new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Seed = seed ?? TinySearch.Options.Seed }).Run(tokens);
    }

    [Fact]
    public void WrittenFile_MatchesTheSnapshot_AndIsTheSameForTheSameSeed_AndAnotherForAnotherSeed()
    {
        var first = FoundModelWriter.Format(Search(), FixedProvenance);
        var second = FoundModelWriter.Format(Search(), FixedProvenance);
        var otherSeed = FoundModelWriter.Format(Search(TinySearch.Options.Seed + 1), FixedProvenance);

        Assert.Equal(first, second);
        Snapshot.Match(first, "TinyFound.par");
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void WrittenFile_ParsesCleanly_AndRoundTripsThroughThePrinter()
    {
        var result = Search();
        var path = Path.Combine(Path.GetTempPath(), $"par-found-{Guid.NewGuid():N}.par");
        try
        {
            FoundModelWriter.Write(path, result, FixedProvenance);
            var text = File.ReadAllText(path);

            var document = ParParser.Parse(text, path);

            Assert.DoesNotContain(document.Diagnostics, diagnostic => diagnostic.Severity == Par.Dsl.Diagnostics.ParSeverity.Error);
            Assert.Equal(result.Found, document.Models.Single());
            Assert.Equal(ParPrinter.Print(result.Found), ParPrinter.Format(text, path));
            Assert.StartsWith("# Found: found by the PAR supernet search", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HeatmapAndMarkdownReport_AreWritten()
    {
        var result = Search();
        var directory = Path.Combine(Path.GetTempPath(), $"par-report-{Guid.NewGuid():N}");
        try
        {
            var heatmap = Path.Combine(directory, "probabilities.png");
            ProbabilityHeatmap.Write(heatmap, result.History);
            SearchMarkdownReport.Write(Path.Combine(directory, "search.md"), result, FixedProvenance, "probabilities.png");

            var png = File.ReadAllBytes(heatmap);
            Assert.True(png.Length > 1000);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            var markdown = File.ReadAllText(Path.Combine(directory, "search.md"));
            Assert.Contains("| layer | p(s) | p(f) | p(-) | chosen | margin |", markdown);
            Assert.Contains("search / baseline = 1.25", markdown);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
