using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Dsl.Printing;
using Par.Search.Checkpoints;
using Par.Search.Derivation;
using Par.Search.Gradients;
using Par.Search.Latency;
using static Par.Search.SearchSetting<Par.Search.SearchOptions>;

namespace Par.Search;

/// <summary>
/// A search's options, each declared once (<see cref="SearchSetting{TOptions}"/>): <see cref="Steering"/> are the checkpoint
/// key's fields, and <see cref="All"/> become flags and bench settings on an experiment (<see cref="Experiment.ExperimentSettings"/>).
/// Adding an option is one declaration here or there, and its record's property, which checks its range.
/// </summary>
public static class SearchSettings
{
    // The settings that the rules between options (ExperimentSettings.Apply, the command line's checks) read; the rest live in the lists.
    public static readonly SearchSetting<SearchOptions> Sampling = Of("sampling", "soft (default; a Gumbel-softmax mix of the candidates) or single-path (one sampled block per layer).", SettingValue.Named(SamplingModeNames.All), o => o.Sampling.Mode, (o, v) => o with { Sampling = o.Sampling with { Mode = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> PathGradient = Of("path-gradient", "With --sampling single-path: reinforce (default; paired paths) or straight-through (binary gates).", SettingValue.Named(PathGradientNames.All), o => o.Sampling.PathGradient, (o, v) => o with { Sampling = o.Sampling with { PathGradient = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> UniformWeightSteps = Of("uniform-weight-steps", "true: soft search's weight steps mix the candidates around uniform logits; false: around the logits.", SettingValue.Switch, o => o.Sampling.UniformWeightSteps, (o, v) => o with { Sampling = o.Sampling with { UniformWeightSteps = v } }, onCommandLine: true, nullInKeyAtDefault: true);
    public static readonly SearchSetting<SearchOptions> LatencyLoss = Of("latency-loss", "budget (price only the latency over --latency-target) or fbnet (CE·α·log(LAT)^β: all of it).", SettingValue.Named(LatencyLossFormNames.All), o => o.Latency.Form, (o, v) => o with { Latency = o.Latency with { Form = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> LatencyWeight = Of("latency-weight", "FBNet latency-aware loss weight α (0 turns it off; main job: 0.2, a file: off).", SettingValue.Number, o => o.Latency.Weight, (o, v) => o with { Latency = o.Latency with { Weight = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> LatencyTarget = Of("latency-target", $"The latency budget as a fraction of the interleaved baseline's (default {LatencyObjective.DefaultTarget}); implies budget loss.", SettingValue.Number, o => o.Latency.Target, (o, v) => o with { Latency = o.Latency with { Target = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> LatencyTargetMs = Of("latency-target-ms", "The latency budget in milliseconds of a whole model, instead of --latency-target.", SettingValue.OptionalNumber, o => o.Latency.TargetMs, (o, v) => o with { Latency = o.Latency with { TargetMs = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> LatencyMemorySegments = Of("latency-memory-segments", $"The memory when blocks are timed, in segments (main job with --data: {LatencyObjective.PaperInferenceSegments}; otherwise the model's own).", SettingValue.OptionalCount, o => o.Latency.InferenceMemorySegments, (o, v) => o with { Latency = o.Latency with { InferenceMemorySegments = v } }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> Derive = Derivation("derive", "most-probable (the per-layer argmax) or halving (the best layouts ranked by training them).", SettingValue.Named(DerivationStrategyNames.All), d => d.Strategy, (d, v) => d with { Strategy = v }, onCommandLine: true);
    public static readonly SearchSetting<SearchOptions> HalvingShare = Derivation("halving-share", "With --derive halving: its training steps, all layouts together, as a multiple of the search's (3).", SettingValue.Number, d => d.HalvingStepsShare, (d, v) => d with { HalvingStepsShare = v }, onCommandLine: true);

    /// <summary>
    /// A search's checkpoint key: its space, the data's size and every <see cref="Steering"/> option by its declared name
    /// and spelling.
    /// </summary>
    internal static SearchCheckpointKey CheckpointKey(Space.SearchSpace space, SearchOptions options, long trainingTokens) => new(new JsonObject(
    [
        new("space", ParPrinter.Print(space.ToSupernetModel())),
        new("training-tokens", trainingTokens),
        .. Steering.Select(setting => new KeyValuePair<string, JsonNode?>(setting.Name, setting.KeyValue(options))),
    ]));

    /// <summary>The options that steer the weights and the logits, so a checkpoint's key holds each: a resume with any other value would not continue the same search.</summary>
    public static IReadOnlyList<SearchSetting<SearchOptions>> Steering { get; } =
    [
        Of("steps", "Weight steps of the whole search, both phases (the paper: 40k).", SettingValue.Count, o => o.Steps, (o, v) => o with { Steps = v }),
        Of("weights-only-share", "Share of the steps that train weights alone with frozen uniform logits (the paper: 10k of 40k).", SettingValue.Number, o => o.WeightsOnlyShare, (o, v) => o with { WeightsOnlyShare = v }),
        Of("batch-size", "Streams per batch, for both weight and architecture steps.", SettingValue.Count, o => o.BatchSize, (o, v) => o with { BatchSize = v }),
        Of("weight-learning-rate", "Peak AdamW learning rate of the weights (linear warm-up, then cosine decay to a tenth).", SettingValue.Number, o => o.WeightLearningRate, (o, v) => o with { WeightLearningRate = v }),
        Of("weight-decay", "Decoupled weight decay of the weight matrices (as in par train).", SettingValue.Number, o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
        Of("warmup-steps", "Warm-up steps of the weight learning rate.", SettingValue.Count, o => o.WarmupSteps, (o, v) => o with { WarmupSteps = v }),
        Of("gradient-clip", "Gradient-norm clip of the weights (Transformer-XL: 0.25).", SettingValue.Number, o => o.GradientClip, (o, v) => o with { GradientClip = v }),
        Of("architecture-learning-rate", "Adam learning rate of the architecture logits (the paper: 1e-2).", SettingValue.Number, o => o.ArchitectureLearningRate, (o, v) => o with { ArchitectureLearningRate = v }),
        Of("architecture-weight-decay", "Adam weight decay of the architecture logits (the paper: 5e-4).", SettingValue.Number, o => o.ArchitectureWeightDecay, (o, v) => o with { ArchitectureWeightDecay = v }),
        Of("architecture-data-share", "Share of the training tokens held out for architecture steps (DARTS: one half).", SettingValue.Number, o => o.ArchitectureDataShare, (o, v) => o with { ArchitectureDataShare = v }),
        Sampling,
        PathGradient,
        Of("final-temperature", "Temperature the soft search's schedule reaches at its last step.", SettingValue.Number, o => o.Sampling.FinalTemperature, (o, v) => o with { Sampling = o.Sampling with { FinalTemperature = v } }),
        UniformWeightSteps,
        LatencyLoss,
        LatencyWeight,
        Of("latency-exponent", "FBNet's β in CE·α·log(LAT)^β, the loss/latency trade-off (main job: 0.35, a file: FBNet's 0.6).", SettingValue.Number, o => o.Latency.Exponent, (o, v) => o with { Latency = o.Latency with { Exponent = v } }, onCommandLine: true),
        LatencyTarget,
        LatencyTargetMs,
        Of("identity-penalty", "Weight of a prior against identity in the architecture loss (P-DARTS; default 0).", SettingValue.Number, o => o.IdentityPenalty, (o, v) => o with { IdentityPenalty = v }, onCommandLine: true),
        Of("seed", "Seed for initialisation, Gumbel noise and path sampling (default 1).", SettingValue.Count, o => o.Seed, (o, v) => o with { Seed = v }, onCommandLine: true),
        Of("use-memory", "Carry segment memory across a stream's batches in weight steps, as training does (architecture steps keep their own).", SettingValue.Switch, o => o.UseMemory, (o, v) => o with { UseMemory = v }),
        LatencyMemorySegments,
    ];

    /// <summary>Every option of a search: the steering ones and the derivation's, in the order help lists them.</summary>
    public static IReadOnlyList<SearchSetting<SearchOptions>> All { get; } =
    [
        .. Steering,
        Derive,
        HalvingShare,
        Derivation("halving", "With --derive halving: the best-scored layouts its first rung trains from scratch.", SettingValue.Count, d => d.HalvingLayouts, (d, v) => d with { HalvingLayouts = v }),
    ];

    private static SearchSetting<SearchOptions> Derivation<T>(string name, string description, SettingValue<T> value, Func<DerivationOptions, T> get, Func<DerivationOptions, T, DerivationOptions> set, bool onCommandLine = false) =>
        Of(name, description, value, o => get(o.Derivation), (o, v) => o with { Derivation = set(o.Derivation, v) }, onCommandLine);
}
