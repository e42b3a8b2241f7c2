using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using Par.Cli.Models;
using Par.Runtime.Data;
using Par.Search;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Latency;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// The options of <c>par search</c>: the job's files, data and length, and a flag per declared setting (<see cref="ExperimentSettings"/>),
/// parsed and range-checked by its declaration and record. <see cref="Validate"/> checks the rules between options, and
/// <see cref="Over"/> is the one place where the values given meet a job's profile.
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

    /// <summary>The flag of each declared setting that is on the command line, in the declarations' order.</summary>
    public IReadOnlyList<(SearchSetting<ExperimentOptions> Setting, Option Flag)> Declared { get; } = [.. ExperimentSettings.All.Where(setting => setting.OnCommandLine).Select(setting => (setting, Flag(setting)))];

    public Option<int> CheckpointEvery { get; } = new Option<int>("--checkpoint-every") { Description = "Save the search state (search.parsearch) every this many steps, and on Ctrl-C.", DefaultValueFactory = _ => 100 }.Positive();

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue from the saved search state, with the same file, data and settings." };

    public Option<string> Output { get; } = new("--out") { Description = "The found model's .par file; the heatmap and report go beside it.", DefaultValueFactory = _ => Path.Combine("runs", "search", "Found.par") };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace an --out file that an earlier search did not write." };

    /// <summary>In the order <c>par search --help</c> lists them.</summary>
    public IEnumerable<Symbol> All =>
        [File, From, Model, Set, Data, Tokens, Steps, .. Declared.Select(pair => pair.Flag), Output, Overwrite, CheckpointEvery, Resume, Device, Threads, Json];

    /// <summary>The .par file to search, or null for the main job.</summary>
    public string? Source(SymbolResult result) => result.ValueOrDefault(File) ?? result.ValueOrDefault(From);

    /// <summary>The defaults the command line's values go over: a file's search, or the main job's on the built-in corpus or on text.</summary>
    public ExperimentOptions Profile(SymbolResult result) =>
        Source(result) is not null ? ExperimentOptions.OnFile
        : (result.ValueOrDefault(Data) ?? Dataset.Synthetic) == Dataset.Synthetic ? new ExperimentOptions()
        : ExperimentOptions.OnText;

    /// <summary>The declared settings given on the command line, as their text (a switch given alone: true), all or one (null: not given).</summary>
    public IReadOnlyList<(SearchSetting<ExperimentOptions> Setting, string Text)> Given(SymbolResult result) =>
        [.. Declared.Where(pair => result.GetResult(pair.Flag) is { Implicit: false }).Select(pair => (pair.Setting, result.GivenText(pair.Flag) is { Length: > 0 } text ? text : "true"))];

    public string? Given(SymbolResult result, string name) => Given(result).FirstOrDefault(pair => pair.Setting.Name == name).Text;

    /// <summary>The rules between options, as parse errors naming them.</summary>
    public void Validate(CommandResult result)
    {
        var searchingAFile = Source(result) is not null;
        SearchOptions search;
        try
        {
            search = ExperimentSettings.Apply(Profile(result), Given(result)).Search;
        }
        catch (ArgumentException)
        {
            return; // A value its own flag refuses, which reports it.
        }

        if (searchingAFile && Given(result, ExperimentSettings.SearchSteps.Name) is not null)
        {
            result.AddError("--search-steps: a file search trains nothing after it; its length is --steps.");
        }

        if (Given(result, SearchSettings.PathGradient.Name) is { } estimator && search.Sampling.Mode != SamplingMode.SinglePath)
        {
            result.AddError($"--path-gradient {estimator}: only single-path search has a path gradient; add --sampling single-path.");
        }

        var targetGiven = Given(result, SearchSettings.LatencyTarget.Name) is not null;
        if (targetGiven && Given(result, SearchSettings.LatencyTargetMs.Name) is not null)
        {
            result.AddError("--latency-target and --latency-target-ms: give the budget one way, not both.");
        }

        if (Given(result, SearchSettings.LatencyLoss.Name) is not null && search.Latency.Form == LatencyLossForm.Fbnet && (targetGiven || Given(result, SearchSettings.LatencyTargetMs.Name) is not null))
        {
            result.AddError("--latency-target: FBNet's latency loss prices every microsecond and has no budget; use --latency-loss budget.");
        }

        if (Given(result, SearchSettings.UniformWeightSteps.Name) is { } uniform && bool.Parse(uniform) && search.Sampling.Mode != SamplingMode.Soft)
        {
            result.AddError("--uniform-weight-steps: only soft search mixes candidates in its weight steps; single-path search draws its paths from the logits.");
        }

        if (Given(result, SearchSettings.HalvingShare.Name) is not null && search.Derivation.Strategy != DerivationStrategy.Halving)
        {
            result.AddError("--halving-share: only the halving derivation trains layouts; add --derive halving.");
        }

        if (search.IdentityPenalty > 0 && !search.Sampling.HasLogitGradient)
        {
            result.AddError("--identity-penalty: single-path REINFORCE scores sampled paths and has no logit gradient to add it to; use soft search or --path-gradient straight-through.");
        }

        foreach (var timing in new[] { ExperimentSettings.LatencyTable.Name, ExperimentSettings.RemeasureLatency.Name, SearchSettings.LatencyMemorySegments.Name })
        {
            if (searchingAFile && Given(result, timing) is not null && !search.Latency.IsOn)
            {
                result.AddError($"--{timing}: this search has no latency loss (a file's default); add --latency-weight α to use one.");
            }
        }

        if (searchingAFile && Given(result, ExperimentSettings.Candidates.Name) is not null)
        {
            result.AddError("--candidates: a file's layout defines its space (write [sf] layers in it); the option is for the main job.");
        }
    }

    /// <summary>The search as the command line asks for it, over a job's <paramref name="profile"/>.</summary>
    public ExperimentOptions Over(ParseResult parse, ExperimentOptions profile)
    {
        var chosen = ExperimentSettings.Apply(profile, Given(parse.CommandResult));
        return chosen with { Search = chosen.Search with { Device = parse.GetValue(Device) } };
    }

    // A declared setting's flag: its name, its description as the help line, and its value read by the declaration and
    // checked by its record while the command line is parsed, so a bad value is a usage error naming the flag.
    private static Option Flag(SearchSetting<ExperimentOptions> setting)
    {
        Option flag = setting.IsSwitch
            ? new Option<bool>("--" + setting.Name) { Description = setting.Description }
            : new Option<string>("--" + setting.Name) { Description = setting.Description, HelpName = setting.HelpName };
        flag.Validators.Add(result =>
        {
            try
            {
                setting.Apply(new ExperimentOptions(), result.Tokens.Count == 0 ? "true" : result.Tokens[0].Value);
            }
            catch (ArgumentException refused)
            {
                result.AddError($"--{setting.Name}: {CommandRunner.MessageOf(refused)}");
            }
        });
        return flag;
    }
}
