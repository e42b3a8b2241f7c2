using System;
using System.Linq;
using Par.Bench.Experiments.DerivationPipeline;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Tests.Shared;

namespace Par.Bench.Tests;

/// <summary>
/// <c>bench/run search</c>'s NAME=VALUE settings are the declared options (<see cref="ExperimentSettings"/>), read as the
/// command line reads them, and the derivation pipeline's own, which need <c>derive=pipeline</c>.
/// </summary>
public sealed class BenchSettingsTests
{
    public static TheoryData<string> Names => new(ExperimentSettings.All.Select(setting => setting.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_declared_setting_is_a_bench_setting_with_the_same_value(string name)
    {
        var sample = SearchSettingSamples.Texts[name];

        var options = SearchComparison.ApplySettings(ExperimentOptions.OnText, [$"{name}={sample}"]);

        Assert.Equal(sample, ExperimentSettings.Named(name).TextIn(options));
        Assert.Equal(ExperimentSettings.Named(name).TextIn(ExperimentSettings.Apply(ExperimentOptions.OnText, [(ExperimentSettings.Named(name), sample)])), ExperimentSettings.Named(name).TextIn(options));
    }

    [Fact]
    public void The_pipelines_settings_configure_its_ranking_and_need_it()
    {
        var options = SearchComparison.ApplySettings(ExperimentOptions.OnText, ["generations=3", "fine-tune-steps=7", "scratch-share=0.5", "trade-room=2", "scratch-trainings=4", "derive=pipeline"]);

        var pipeline = Assert.IsType<PipelineRanking>(options.Search.Derivation.Ranking).Options;
        Assert.Equal((3, 7, 0.5, 2, 4), (pipeline.Generations, pipeline.FineTuneSteps, pipeline.ScratchShare, pipeline.TradeRoomBlocks, pipeline.ScratchTrainings));
        Assert.Contains("add derive=pipeline", Assert.Throws<ArgumentException>(() => SearchComparison.ApplySettings(ExperimentOptions.OnText, ["generations=3"])).Message);
        Assert.Contains("unknown search setting 'mutation'", Assert.Throws<ArgumentException>(() => SearchComparison.ApplySettings(ExperimentOptions.OnText, ["mutation=0.1"])).Message);
    }

    [Fact]
    public void References_name_the_rows_trained_beside_the_found_model_and_leave_the_search_settings()
    {
        var paper = SearchComparison.ApplySettings(ExperimentOptions.OnText, ["derive=halving", "references=paper"]);
        var none = SearchComparison.ApplySettings(paper, ["references=none"]);
        var byDefault = SearchComparison.ApplySettings(paper, []);

        Assert.Equal(["Sandwich", "ParRule"], paper.References.Select(reference => reference.Name));
        Assert.Equal(DerivationStrategy.Halving, paper.Search.Derivation.Strategy);
        Assert.Empty(none.References);
        Assert.Equal(paper.References, byDefault.References);
        Assert.Contains("expected references=paper", Assert.Throws<ArgumentException>(() => SearchComparison.ApplySettings(ExperimentOptions.OnText, ["references=all"])).Message);
    }
}
