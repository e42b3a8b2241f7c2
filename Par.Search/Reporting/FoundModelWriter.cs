using System;
using System.Globalization;
using System.IO;
using System.Text;
using Par.Dsl.Printing;
using Par.Runtime.Files;

namespace Par.Search.Reporting;

/// <summary>
/// Writes the found model back as a <c>.par</c> file: a provenance header in <c>#</c> comments (how the
/// layout was found, so the file explains itself), then the model in canonical form from ParPrinter.
/// For a fixed seed on CPU the text depends only on the provenance's date and wall times.
/// </summary>
public static class FoundModelWriter
{
    /// <summary>The words of the first header line that mark a file as written by a search, so a later search may replace it.</summary>
    public const string Signature = "found by the PAR supernet search (Par.Search)";

    // The first line is "# Name: <Signature> from '...'."; a name has at most Limits.MaxIdentifierLength characters.
    private const int SignatureSearchLength = 2 * Par.Dsl.Limits.MaxIdentifierLength;

    public static string Format(SearchResult result, SearchProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(provenance);
        var options = result.Options;
        var header = new StringBuilder();
        void Line(string text) => header.Append("# ").Append(text).Append('\n');
        string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        Line($"{result.Found.Name}: {Signature} from '{result.Space.Name}'.");
        Line(Invariant($"date:         {provenance.Date.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"));
        Line($"corpus:       {provenance.Corpus}");
        Line($"tokenization: {provenance.Tokenization}");
        Line(Invariant($"seed:         {options.Seed}"));
        Line(Invariant($"steps:        {options.Steps} ({options.WeightsOnlySteps} weights only, then {options.AlternatingSteps} alternating), {options.Sampling.Describe()}"));
        Line(Invariant($"tokens seen:  {result.TokensSeen} ({result.WeightTokens} weight steps, {result.ArchitectureTokens} architecture steps on held-out training data)"));
        Line($"temperature:  {options.Sampling.DescribeTemperature(result.Schedule, result.FinalTemperature)}");
        Line($"latency loss: {options.Latency.Describe()}");
        if (result.LatencyTable is { } table)
        {
            Line($"latency of:   {table.DescribeDevice()}");
        }

        foreach (var line in DerivationReport.Summary(result))
        {
            Line(line);
        }

        Line(Invariant($"search time:  {provenance.SearchWallTime.TotalSeconds:0.0} s") + BaselineComparison(provenance, options.Steps));
        Line("final probabilities:");
        foreach (var row in ProbabilityTable.PlainRows(result.Space, result.FinalProbabilities))
        {
            Line("  " + row);
        }

        return header.Append('\n').Append(ParPrinter.Print(result.Found)).ToString();
    }

    public static void Write(string path, SearchResult result, SearchProvenance provenance)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Format(result, provenance));
    }

    /// <summary>True when <paramref name="path"/> starts with the header <see cref="Format"/> writes (only its first line is read).</summary>
    public static bool IsFoundModelFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var start = new char[SignatureSearchLength];
        var length = reader.ReadBlock(start, 0, start.Length);
        var firstLine = new string(start, 0, length).Split('\n')[0];
        return firstLine.StartsWith("# ", StringComparison.Ordinal) && firstLine.Contains(": " + Signature + " from '", StringComparison.Ordinal);
    }

    private static string BaselineComparison(SearchProvenance provenance, int searchSteps) =>
        provenance.BaselineTrainingWallTime is { } baseline
            ? string.Create(CultureInfo.InvariantCulture, $"; baseline training for {provenance.DescribeBaselineBudget(searchSteps)} {baseline.TotalSeconds:0.0} s (ratio {provenance.CostRatio:0.00})")
            : string.Empty;
}
