using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Search.Latency;
using static Par.Search.SearchSetting<Par.Search.Experiment.ExperimentOptions>;

namespace Par.Search.Experiment;

/// <summary>
/// Every option of a search's job, <see cref="All"/>: the flags of <c>par search</c> and the settings of <c>bench/run search</c>,
/// the search's own (<see cref="SearchSettings"/>) and the experiment's, declared here. <see cref="Apply"/> sets them over a
/// profile: the built-in <see cref="ExperimentOptions"/>, <see cref="ExperimentOptions.OnText"/> or <see cref="ExperimentOptions.OnFile"/>.
/// </summary>
public static class ExperimentSettings
{
    public static readonly SearchSetting<ExperimentOptions> SearchSteps = Of("search-steps", FormattableString.Invariant($"Main job: weight steps of the search (default {ExperimentOptions.SoftSearchShare * 100:0}% of --steps, {ExperimentOptions.TextSearchShare * 100:0}% with --data, single-path all)."), SettingValue.OptionalCount, o => o.SearchSteps, (o, v) => o with { SearchSteps = v }, onCommandLine: true);
    public static readonly SearchSetting<ExperimentOptions> Candidates = Of("candidates", "Main job: the candidates of every searched layer, sf- (the paper's, default) or sf (no identity).", SettingValue.Choice<IReadOnlyList<BlockKind>>((a, b) => a.SequenceEqual(b), ("sf-", Space.SearchSpace.PaperCandidates), ("sf", [BlockKind.SelfAttention, BlockKind.FeedForward])), o => o.Candidates, (o, v) => o with { Candidates = v }, onCommandLine: true);
    public static readonly SearchSetting<ExperimentOptions> LatencyTable = Of("latency-table", "A block latency cache to read or measure into (default ~/.cache/par), or a device's table.", SettingValue.File, o => o.LatencyTablePath, (o, v) => o with { LatencyTablePath = v }, onCommandLine: true);
    public static readonly SearchSetting<ExperimentOptions> Objective = Of("objective", "clm (default), or mlm: the main job on encoders (PAR BERT); a file follows its attention.", SettingValue.Named(TrainingObjectiveNames.All).Optional(value => value, value => value), o => o.Objective, (o, v) => o with { Objective = v }, onCommandLine: true);
    public static readonly SearchSetting<ExperimentOptions> RemeasureLatency = Of("remeasure-latency", "Measure the block latency table again and replace its cached entry.", SettingValue.Switch, o => o.RemeasureLatency, (o, v) => o with { RemeasureLatency = v }, onCommandLine: true);

    /// <summary>Every declared option, in the order help lists them.</summary>
    public static IReadOnlyList<SearchSetting<ExperimentOptions>> All { get; } =
    [
        SearchSteps,
        .. SearchSettings.All.Select(setting => setting.Within<ExperimentOptions>(options => options.Search, (options, search) => options with { Search = search })),
        Candidates,
        Objective,
        Of("threads", "libtorch intra-op threads for the whole experiment (none: libtorch's default).", SettingValue.OptionalCount, o => o.Threads, (o, v) => o with { Threads = v }),
        LatencyTable,
        RemeasureLatency,
    ];

    /// <summary>The declared option named <paramref name="name"/>; an <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static SearchSetting<ExperimentOptions> Named(string name) => All.FirstOrDefault(setting => setting.Name == name)
        ?? throw new ArgumentException($"unknown search setting '{name}'; known: {string.Join(", ", All.Select(setting => setting.Name))}.");

    /// <summary>
    /// <paramref name="profile"/> with each <paramref name="given"/> setting, then the rules between them: a target asks for the
    /// budget form, a form named is switched on at its default weight unless the profile's objective is that form already,
    /// and only soft search keeps a profile's uniform weight steps.
    /// </summary>
    public static ExperimentOptions Apply(ExperimentOptions profile, IReadOnlyCollection<(SearchSetting<ExperimentOptions> Setting, string Text)> given)
    {
        var chosen = given.Aggregate(profile, (options, pair) => pair.Setting.Apply(options, pair.Text));
        bool Given(SearchSetting<SearchOptions> setting) => given.Any(pair => pair.Setting.Name == setting.Name);
        var latency = chosen.Search.Latency;
        var targetGiven = Given(SearchSettings.LatencyTarget) || Given(SearchSettings.LatencyTargetMs);
        latency = targetGiven && !Given(SearchSettings.LatencyLoss) ? latency with { Form = LatencyLossForm.Budget } : latency;
        if ((targetGiven || Given(SearchSettings.LatencyLoss)) && !Given(SearchSettings.LatencyWeight) && !(latency.Form == profile.Search.Latency.Form && profile.Search.Latency.IsOn))
        {
            latency = latency with { Weight = latency.Form == LatencyLossForm.Budget ? LatencyObjective.DefaultBudgetWeight : LatencyObjective.FbnetWeight };
        }

        var sampling = chosen.Search.Sampling;
        return chosen with { Search = chosen.Search with { Latency = latency, Sampling = sampling with { UniformWeightSteps = sampling.UniformWeightSteps && sampling.Mode == SamplingMode.Soft } } };
    }
}
