using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Search;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Gradients;
using Par.Search.Latency;
using Par.Search.Space;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// The options of <c>par search</c>, typed: each value is parsed and range-checked where it is declared, the rules
/// between options are checked by <see cref="Validate"/> while the command line is parsed, and <see cref="Over"/> is
/// the one place where the values given meet a job's defaults.
/// </summary>
internal sealed class SearchCommandOptions
{
    public Argument<string?> File { get; } = new("file") { Description = "A supernet .par ([sf-] layers) or a baseline whose widths define the space; omit for the main job.", Arity = ArgumentArity.ZeroOrOne };

    public Option<string?> From { get; } = new("--from") { Description = "A baseline .par whose layer count and widths define the space (every layer becomes [sf-])." };

    public Option<string?> Model { get; } = CommonOptions.Model();

    public Option<HyperParameterOverrides> Set { get; } = CommonOptions.Set();

    public Option<bool> Json { get; } = CommonOptions.Json();

    public Option<string> Data { get; } = DataOptions.Data();

    public Option<string?> Tokens { get; } = DataOptions.Tokens();

    public Option<int?> Threads { get; } = DataOptions.Threads();

    public Option<Device> Device { get; } = DataOptions.Device();

    public Option<int?> Steps { get; } = new Option<int?>("--steps") { Description = $"A file: weight steps of its search. Main job: steps per training (default {new ExperimentOptions().Steps}, {ExperimentOptions.OnText.Steps} with --data)." }.Positive();

    public Option<int?> SearchSteps { get; } = new Option<int?>("--search-steps") { Description = $"Main job: weight steps of the search (default {SoftSearchShare} of --steps, {TextSearchShare} with --data, single-path all)." }.Positive();

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for initialisation, Gumbel noise and path sampling.", DefaultValueFactory = _ => 1 };

    public Option<SamplingMode?> Sampling { get; } = new Option<SamplingMode?>("--sampling") { Description = "soft (default; a Gumbel-softmax mix of the candidates) or single-path (one sampled block per layer)." }
        .Choices(SamplingModeNames.All);

    public Option<PathGradient?> PathGradient { get; } = new Option<PathGradient?>("--path-gradient") { Description = "With --sampling single-path: reinforce (default; paired paths) or straight-through (binary gates)." }
        .Choices(PathGradientNames.All);

    public Option<double?> LatencyWeight { get; } = new Option<double?>("--latency-weight") { Description = "FBNet latency-aware loss weight α (0 turns it off; main job: 0.2, a file: off)." }.NotNegative();

    public Option<double?> LatencyExponent { get; } = new Option<double?>("--latency-exponent") { Description = "FBNet's β in CE·α·log(LAT)^β, the loss/latency trade-off (main job: 0.35, a file: FBNet's 0.6)." }.NotNegative();

    public Option<LatencyLossForm?> LatencyLoss { get; } = new Option<LatencyLossForm?>("--latency-loss") { Description = "budget (price only the latency over --latency-target) or fbnet (CE·α·log(LAT)^β: all of it)." }
        .Choices(LatencyLossFormNames.All);

    public Option<double?> LatencyTarget { get; } = new Option<double?>("--latency-target") { Description = $"The latency budget as a fraction of the interleaved baseline's (default {LatencyObjective.DefaultTarget}); implies budget loss." }.Positive();

    public Option<double?> LatencyTargetMs { get; } = new Option<double?>("--latency-target-ms") { Description = "The latency budget in milliseconds of a whole model, instead of --latency-target." }.Positive();

    public Option<int?> LatencyMemorySegments { get; } = new Option<int?>("--latency-memory-segments") { Description = $"The memory when blocks are timed, in segments (main job with --data: {LatencyObjective.PaperInferenceSegments}; otherwise the model's own)." }.NotNegative();

    public Option<DerivationStrategy?> Derive { get; } = new Option<DerivationStrategy?>("--derive") { Description = "most-probable (the per-layer argmax) or halving (the best layouts ranked by training them)." }
        .Choices(DerivationStrategyNames.All);

    public Option<double?> HalvingShare { get; } = new Option<double?>("--halving-share") { Description = "With --derive halving: its training steps, all layouts together, as a multiple of the search's (3)." }.Positive();

    public Option<bool?> UniformWeightSteps { get; } = new Option<bool?>("--uniform-weight-steps") { Description = "true: soft search's weight steps mix the candidates around uniform logits; false: around the logits." };

    public Option<double?> IdentityPenalty { get; } = new Option<double?>("--identity-penalty") { Description = "Weight of a prior against identity in the architecture loss (P-DARTS; default 0)." }.NotNegative();

    public Option<IReadOnlyList<BlockKind>?> Candidates { get; } = new Option<IReadOnlyList<BlockKind>?>("--candidates") { Description = "Main job: the candidates of every searched layer, sf- (the paper's, default) or sf (no identity)." }
        .Choices(("sf-", SearchSpace.PaperCandidates), ("sf", [BlockKind.SelfAttention, BlockKind.FeedForward]));

    public Option<string?> LatencyTable { get; } = new("--latency-table") { Description = "A block latency cache to read or measure into (default ~/.cache/par), or a device's table." };

    public Option<bool> RemeasureLatency { get; } = new("--remeasure-latency") { Description = "Measure the block latency table again and replace its cached entry." };

    public Option<int> CheckpointEvery { get; } = new Option<int>("--checkpoint-every") { Description = "Save the search state (search.parsearch) every this many steps, and on Ctrl-C.", DefaultValueFactory = _ => 100 }.Positive();

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue from the saved search state, with the same file, data and settings." };

    public Option<string> Output { get; } = new("--out") { Description = "The found model's .par file; the heatmap and report go beside it.", DefaultValueFactory = _ => Path.Combine("runs", "search", "Found.par") };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace an --out file that an earlier search did not write." };

    /// <summary>In the order <c>par search --help</c> lists them.</summary>
    public IEnumerable<Symbol> All =>
    [
        File, From, Model, Set, Data, Tokens, Steps, SearchSteps, Seed, Sampling, PathGradient, LatencyWeight, LatencyExponent, LatencyLoss,
        LatencyTarget, LatencyTargetMs, LatencyMemorySegments, Derive, HalvingShare, UniformWeightSteps, IdentityPenalty, Candidates, LatencyTable, RemeasureLatency, Output, Overwrite, CheckpointEvery, Resume, Device, Threads, Json,
    ];

    /// <summary>The .par file to search, or null for the main job.</summary>
    public string? Source(SymbolResult result) => result.ValueOrDefault(File) ?? result.ValueOrDefault(From);

    /// <summary>The rules between options, as parse errors naming them.</summary>
    public void Validate(CommandResult result)
    {
        var searchingAFile = Source(result) is not null;
        var sampling = new SupernetSampling
        {
            Mode = SamplingModeOf(result),
            PathGradient = result.ValueOrDefault(PathGradient) ?? Search.Gradients.PathGradient.Reinforce,
        };
        if (searchingAFile && result.GivenText(SearchSteps) is not null)
        {
            result.AddError("--search-steps: a file search trains nothing after it; its length is --steps.");
        }

        if (result.GivenText(PathGradient) is { } estimator && sampling.Mode != SamplingMode.SinglePath)
        {
            result.AddError($"--path-gradient {estimator}: only single-path search has a path gradient; add --sampling single-path.");
        }

        var latency = Latency(result);
        foreach (var conflict in latency.Conflicts())
        {
            result.AddError(conflict);
        }

        if (result.ValueOrDefault(UniformWeightSteps) == true && sampling.Mode != SamplingMode.Soft)
        {
            result.AddError("--uniform-weight-steps: only soft search mixes candidates in its weight steps; single-path search draws its paths from the logits.");
        }

        // Halving is the default of the main job on --data (ExperimentOptions.OnText) and of nothing else.
        var derivation = result.ValueOrDefault(Derive) ?? (!searchingAFile && result.GivenText(Data) is not null ? DerivationStrategy.Halving : DerivationStrategy.MostProbable);
        if (result.GivenText(HalvingShare) is not null && derivation != DerivationStrategy.Halving)
        {
            result.AddError("--halving-share: only the halving derivation trains layouts; add --derive halving.");
        }

        if (result.ValueOrDefault(IdentityPenalty) > 0 && !sampling.HasLogitGradient)
        {
            result.AddError("--identity-penalty: single-path REINFORCE scores sampled paths and has no logit gradient to add it to; use soft search or --path-gradient straight-through.");
        }

        foreach (var timingOption in new Option[] { LatencyTable, RemeasureLatency, LatencyMemorySegments })
        {
            if (searchingAFile && result.GivenText(timingOption) is not null && latency.WeightOver(LatencyObjective.Off) <= 0)
            {
                result.AddError($"{timingOption.Name}: this search has no latency loss (a file's default); add --latency-weight α to use one.");
            }
        }

        if (searchingAFile && result.GivenText(Candidates) is not null)
        {
            result.AddError("--candidates: a file's layout defines its space (write [sf] layers in it); the option is for the main job.");
        }
    }

    /// <summary>The search as the command line asks for it, over a job's <paramref name="defaults"/>.</summary>
    public SearchOptions Over(ParseResult parse, SearchOptions defaults) => defaults with
    {
        Seed = parse.GetValue(Seed),
        Sampling = defaults.Sampling with
        {
            Mode = SamplingModeOf(parse.CommandResult),
            PathGradient = parse.GetValue(PathGradient) ?? defaults.Sampling.PathGradient,
            UniformWeightSteps = SamplingModeOf(parse.CommandResult) == SamplingMode.Soft && (parse.GetValue(UniformWeightSteps) ?? defaults.Sampling.UniformWeightSteps),
        },
        Latency = Latency(parse.CommandResult).Over(defaults.Latency),
        Derivation = defaults.Derivation with
        {
            Strategy = parse.GetValue(Derive) ?? defaults.Derivation.Strategy,
            HalvingStepsShare = parse.GetValue(HalvingShare) ?? defaults.Derivation.HalvingStepsShare,
        },
        IdentityPenalty = parse.GetValue(IdentityPenalty) ?? defaults.IdentityPenalty,
        Device = parse.GetValue(Device),
    };

    private SamplingMode SamplingModeOf(SymbolResult result) => result.ValueOrDefault(Sampling) ?? SamplingMode.Soft;

    private LatencyChoices Latency(SymbolResult result) => new(
        result.ValueOrDefault(LatencyLoss), result.ValueOrDefault(LatencyWeight), result.ValueOrDefault(LatencyExponent),
        result.ValueOrDefault(LatencyTarget), result.ValueOrDefault(LatencyTargetMs), result.ValueOrDefault(LatencyMemorySegments));

    private static string SoftSearchShare => string.Create(CultureInfo.InvariantCulture, $"{ExperimentOptions.SoftSearchShare * 100:0}%");

    private static string TextSearchShare => string.Create(CultureInfo.InvariantCulture, $"{ExperimentOptions.TextSearchShare * 100:0}%");
}
