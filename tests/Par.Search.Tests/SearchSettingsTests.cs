using System;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Search.Checkpoints;
using Par.Search.Experiment;

namespace Par.Search.Tests;

/// <summary>
/// Each option is declared once (<see cref="SearchSettings"/>) and every surface is read from that declaration: these
/// set every declared option through its text and read it back from the records, the bench's settings and the
/// checkpoint key.
/// </summary>
public sealed class SearchSettingsTests
{
    public static TheoryData<string> Names => new(ExperimentSettings.All.Select(setting => setting.Name));

    public static TheoryData<string> SteeringNames => new(SearchSettings.Steering.Select(setting => setting.Name));

    [Fact]
    public void Every_setting_has_one_name_a_description_and_a_sample()
    {
        Assert.Equal(ExperimentSettings.All.Count, ExperimentSettings.All.Select(setting => setting.Name).Distinct().Count());
        Assert.All(ExperimentSettings.All, setting => Assert.False(string.IsNullOrWhiteSpace(setting.Description), setting.Name));
        Assert.Equal(ExperimentSettings.All.Select(setting => setting.Name).Order(), SearchSettingSamples.Texts.Keys.Order());
        Assert.Equal(SearchSettings.Steering.Select(setting => setting.Name), ExperimentSettings.All.Select(setting => setting.Name).Intersect(SearchSettings.Steering.Select(setting => setting.Name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_setting_reads_back_the_value_it_was_given_and_nothing_else_moves(string name)
    {
        var setting = ExperimentSettings.Named(name);
        var profile = new ExperimentOptions();
        var sample = SearchSettingSamples.Texts[name];

        var options = setting.Apply(profile, sample);

        Assert.NotEqual(sample, setting.TextIn(profile));
        Assert.Equal(sample, setting.TextIn(options));
        Assert.All(ExperimentSettings.All.Where(other => other != setting), other => Assert.Equal(other.TextIn(profile), other.TextIn(options)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_bench_reads_a_setting_as_the_command_line_does(string name)
    {
        var sample = SearchSettingSamples.Texts[name];

        var options = ExperimentSettings.Apply(ExperimentOptions.OnText, [(ExperimentSettings.Named(name), sample)]);

        Assert.Equal(sample, ExperimentSettings.Named(name).TextIn(options));
    }

    [Theory]
    [MemberData(nameof(SteeringNames))]
    public void A_steering_setting_is_its_own_field_of_the_checkpoint_key_with_its_value(string name)
    {
        var setting = SearchSettings.Steering.Single(steering => steering.Name == name);
        var options = setting.Apply(TinySearch.Options, SearchSettingSamples.Texts[name]);

        var key = SearchSettings.CheckpointKey(TinySearch.Space, options, 1000);
        var differences = key.DifferencesFrom(SearchSettings.CheckpointKey(TinySearch.Space, TinySearch.Options, 1000).ToJson());

        Assert.Equal(SearchSettingSamples.Texts[name], Text(key.ToJson()[name]));
        Assert.Equal($"{name} ", Assert.Single(differences)[..(name.Length + 1)]);
    }

    [Fact]
    public void The_key_keeps_the_names_and_spellings_that_checkpoints_were_written_with()
    {
        var options = new SearchOptions();
        var temperature = JsonValue.Create(options.Sampling.FinalTemperature).ToJsonString();
        var written = JsonNode.Parse($$"""
            {
              "space": "x", "training-tokens": 1000, "steps": 400, "weights-only-share": 0.25, "batch-size": 8,
              "weight-learning-rate": 0.002, "weight-decay": 0.01, "warmup-steps": 20, "gradient-clip": 0.25,
              "architecture-learning-rate": 0.01, "architecture-weight-decay": 0.0005, "architecture-data-share": 0.5,
              "sampling": "soft", "path-gradient": "reinforce", "final-temperature": {{temperature}}, "uniform-weight-steps": null,
              "latency-loss": "fbnet", "latency-weight": 0, "latency-exponent": 0.6, "latency-target": 0.65,
              "latency-target-ms": null, "identity-penalty": 0, "seed": 1, "use-memory": true, "latency-memory-segments": null
            }
            """)!.AsObject();

        var key = SearchSettings.CheckpointKey(TinySearch.Space, options, 1000);

        Assert.StartsWith("space x -> ", Assert.Single(key.DifferencesFrom(written)));
    }

    [Theory]
    [InlineData("batch-size", "0", "batch-size: expected a positive number, got 0.")]
    [InlineData("latency-target", "-0.5", "latency-target: expected a finite number > 0, got -0.5.")]
    [InlineData("halving-share", "0", "halving-share: expected a finite number > 0, got 0.")]
    [InlineData("sampling", "hard", "sampling: expected soft or single-path, got 'hard'.")]
    [InlineData("seed", "one", "seed: expected a whole number, got 'one'.")]
    public void A_bad_value_is_refused_by_its_record_in_words_naming_the_setting(string name, string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentSettings.Named(name).Apply(new ExperimentOptions(), text));

        Assert.Equal(name, error.ParamName);
        Assert.Equal(message, $"{error.ParamName}: {error.Message[..error.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]}");
    }

    [Fact]
    public void Every_bench_setting_spelled_before_the_declarations_is_still_read_but_the_pipeline_experiments_own()
    {
        string[] spellings =
        [
            "latency-loss", "latency-weight", "latency-exponent", "latency-target", "latency-memory-segments", "sampling", "uniform-weight-steps",
            "derive", "halving", "halving-share", "identity-penalty", "weights-only-share", "candidates", "threads", "latency-table",
        ];

        Assert.All(spellings, spelling => Assert.Equal(spelling, ExperimentSettings.Named(spelling).Name));
        Assert.Contains("unknown search setting 'latency'", Assert.Throws<ArgumentException>(() => ExperimentSettings.Named("latency")).Message);
    }

    [Fact]
    public void A_latency_target_asks_for_a_budget_and_a_form_by_name_switches_the_loss_on()
    {
        var file = ExperimentOptions.OnFile;

        var budget = ExperimentSettings.Apply(file, [(ExperimentSettings.Named("latency-target"), "0.5")]).Search.Latency;
        var fbnet = ExperimentSettings.Apply(file, [(ExperimentSettings.Named("latency-loss"), "fbnet")]).Search.Latency;
        var weighed = ExperimentSettings.Apply(file, [(ExperimentSettings.Named("latency-loss"), "budget"), (ExperimentSettings.Named("latency-weight"), "3")]).Search.Latency;
        var singlePath = ExperimentSettings.Apply(ExperimentOptions.OnText, [(ExperimentSettings.Named("sampling"), "single-path")]).Search.Sampling;

        Assert.Equal((Latency.LatencyLossForm.Budget, Latency.LatencyObjective.DefaultBudgetWeight, 0.5), (budget.Form, budget.Weight, budget.Target));
        Assert.Equal((Latency.LatencyLossForm.Fbnet, Latency.LatencyObjective.FbnetWeight), (fbnet.Form, fbnet.Weight));
        Assert.Equal(3, weighed.Weight);
        Assert.False(singlePath.UniformWeightSteps);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
