using System;
using System.Globalization;
using System.Linq;
using Par.Cli.Models;
using Par.Dsl.Validation;
using Par.Search.Experiment;
using Par.Search.Space;

namespace Par.Cli.Commands;

/// <summary>
/// The main search job's <c>--set</c>: <c>layers</c> and <c>batch</c> are the job's own (the experiment owns the
/// layout), and the widths go through <see cref="HyperParameterOverrides"/> onto its space like any file's, so they
/// are checked, and rejected, by the DSL with a file's messages.
/// </summary>
internal static class MainJobSettings
{
    private const string Layers = "layers";
    private const string Batch = "batch";

    private static readonly string[] Widths =
    [
        HyperParameterNames.DModel, HyperParameterNames.Heads, HyperParameterNames.DFeedForward, HyperParameterNames.Context, HyperParameterNames.Memory,
    ];

    public static ExperimentOptions Apply(HyperParameterOverrides overrides, ExperimentOptions options)
    {
        var (layers, afterLayers) = overrides.Take(Layers);
        var (batch, widths) = afterLayers.Take(Batch);
        if (widths.Keys.FirstOrDefault(key => !Widths.Contains(key)) is { } unknown)
        {
            throw new UsageException($"--set {unknown}: the main search job takes {Layers}, {string.Join(", ", Widths)} or {Batch}.");
        }

        options = layers is null ? options : Set(Layers, layers, value => options with { Layers = value });
        options = batch is null ? options : Set(Batch, batch, value => options with { Search = options.Search with { BatchSize = value } });

        var space = SearchSpace.Uniform("MainJob", options.Layers, options.HyperParameters(Par.Dsl.Model.HyperParameters.Default.Vocab)).ToSupernetModel();
        var hp = widths.ApplyTo(space).HyperParameters;
        return options with { DModel = hp.DModel, Heads = hp.Heads, DFeedForward = hp.DFeedForward, Context = hp.Context, Memory = hp.Memory };
    }

    // A count of the job's own, which the options record checks as it is set.
    private static ExperimentOptions Set(string key, string text, Func<int, ExperimentOptions> apply)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new UsageException($"--set {key}: expected a positive number, got '{text}'.");
        }

        try
        {
            return apply(value);
        }
        catch (ArgumentException exception)
        {
            throw new UsageException($"--set {key}: {CommandRunner.MessageOf(exception)}");
        }
    }
}
