using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Par.Dsl.Diagnostics;

namespace Par.Generators.Tests;

/// <summary>
/// The diagnostic ids are defined once, in <see cref="ParDiagnosticIds"/> and <see cref="ParDiagnosticCatalog"/>; the
/// release-tracking files and the DSL documentation are text and must list exactly the same ids, with the same severities.
/// </summary>
public sealed class DiagnosticListingTests
{
    private static readonly string RepositoryRoot = typeof(DiagnosticListingTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    private static IEnumerable<string> CatalogRows =>
        ParDiagnosticCatalog.All.Select(entry => $"{entry.Id} {entry.DefaultSeverity.ToString().ToLowerInvariant()}").Order();

    [Fact]
    public void The_analyzer_release_files_list_exactly_the_catalog_ids_with_their_severities_and_titles()
    {
        // Rule rows: "PAR0001 | Par | Error | Syntax error", in either file (each id released once).
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(RepositoryRoot, "Par.Generators", file)))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length == 4 && Regex.IsMatch(cells[0], "^PAR[0-9]{4}$"))
            .ToList();

        Assert.Equal(CatalogRows, rows.Select(cells => $"{cells[0]} {cells[2].ToLowerInvariant()}").Order());
        Assert.All(rows, cells => Assert.Equal(ParDiagnosticCatalog.Find(cells[0])!.Title, cells[3]));
        Assert.All(rows, cells => Assert.Equal("Par", cells[1]));
    }

    [Fact]
    public void The_dsl_documentation_lists_exactly_the_catalog_ids_with_their_severities()
    {
        // Table rows of docs/dsl.md's diagnostics table: "| PAR0001 | error | where | when |".
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot, "docs", "dsl.md"))
            .Select(line => Regex.Match(line, @"^\| (PAR[0-9]{4}) \| (\w+) \|"))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups[1].Value} {match.Groups[2].Value}");

        Assert.Equal(CatalogRows, rows.Order());
    }
}
