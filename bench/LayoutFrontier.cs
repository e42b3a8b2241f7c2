using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Search.Experiment;

namespace Par.Bench;

/// <summary>
/// What a search on a corpus could find at all: fixed layouts trained exactly as <c>bench/run search</c> trains its
/// rows (same widths, steps, seed and data), side by side with <c>(sf)x6</c>. Before asking whether a search finds a
/// layout within 2% of the baseline at ≤ 0.75x its latency, this says whether such a layout exists at this scale, and
/// whether early or late attention is what the text rewards. No search runs (<see cref="SearchExperiment.TrainReferences"/>).
/// </summary>
internal static class LayoutFrontier
{
    /// <param name="layouts">Layouts in the DSL's notation, e.g. <c>(sff)x3 (f)x3</c>.</param>
    public static void Run(string dataFolder, int steps, int seed, IReadOnlyList<string> layouts)
    {
        var dataset = Dataset.Load(dataFolder, Dataset.Bytes);
        using var work = new ScratchDirectory("par-bench-frontier");
        var options = SearchComparison.BenchOptions(steps, seed, work.Path) with
        {
            References = layouts.Select((layout, index) => new NamedLayout($"L{index + 1}", Parse(layout))).ToList(),
        };
        var rows = new SearchExperiment(options).TrainReferences(dataset, new Par.Runtime.SynchronousProgress<ExperimentProgress>(SearchComparison.Report));

        Console.WriteLine($"## Layouts trained on {Path.GetFileName(Path.GetFullPath(dataFolder))} (bytes): d_model {options.DModel}, {steps} steps × {options.Search.BatchSize} × {options.Context} tokens each, seed {seed}, latency over a memory of {options.Search.Latency.TimedShape(options.HyperParameters(dataset.Tokenizer.VocabularySize)).Memory} ({MachineDescription.Current()})");
        Console.WriteLine();
        SearchComparison.WriteRows(rows, rows[0].ValidLoss);
    }

    private static EquatableArray<Layer> Parse(string layout) =>
        ParParser.Parse($"model L {{\n    layout = {layout}\n}}\n", "frontier.par").Models.Single().Layout;
}
