using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Runtime;
using Par.Runtime.Data;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Latency;
using Par.Search.Reporting;

namespace Par.Search.Tests;

public sealed class SearchExperimentTests
{
    private static ExperimentOptions Tiny(string work) => new()
    {
        Layers = 4,
        DModel = 16,
        Heads = 2,
        DFeedForward = 32,
        Context = 16,
        Memory = 16,
        Steps = 12,
        LatencyWarmupRuns = 1,
        LatencyRuns = 3,
        Search = new SearchOptions { BatchSize = 2, WarmupSteps = 2, RecordEvery = 2, Latency = new() { Weight = 0.2 } },
        Corpus = new SyntheticCorpusOptions { TrainTokens = 4_000, ValidTokens = 1_000, TestTokens = 1_000 },
        WorkDirectory = work,
        LatencyTablePath = Path.Combine(work, LatencyTableCache.DefaultFileName),
        References = [new NamedLayout("Sandwich", ReferenceLayouts.Sandwich(2, k: 1))],
    };

    [Fact]
    public void TinyExperiment_TrainsBaselineFoundAndReferences_AndReportsComparableRows()
    {
        using var folder = new TemporaryFolder();
        var options = Tiny(folder.Path);
        var result = new SearchExperiment(options).Run();

        Assert.Equal([SearchExperiment.BaselineName, "Found", "Sandwich"], result.Rows.Select(row => row.Name));
        Assert.Equal(("ssff", 2), (result.Rows[2].Layout, result.Rows[2].AttentionBlocks));
        Assert.Equal((4, 2), (result.Baseline.Layers, result.Baseline.AttentionBlocks));
        Assert.Equal(1.0, result.Baseline.LatencyRatio);
        Assert.All(result.Rows, row => Assert.True(double.IsFinite(row.ValidLoss) && row.RecallLoss is not null && row.LatencyMs > 0));
        Assert.True(result.SearchCostRatio > 0);
        Assert.Equal(6, result.Claims().Count);
        Assert.True(File.Exists(folder.File("block-latency.json")));
        Assert.Contains("## The paper's claims, as measured here", ExperimentMarkdownReport.Format(result));
    }

    [Fact]
    public void Blocks_and_models_are_timed_over_the_inference_memory_in_segments_and_the_report_says_so()
    {
        using var folder = new TemporaryFolder();
        var options = Tiny(folder.Path) with { References = [] };
        options = options with { Search = options.Search with { Latency = options.Search.Latency with { InferenceMemorySegments = 3 } } };

        var result = new SearchExperiment(options).Run();

        Assert.Equal((16, 48), (result.BlockLatency.Context, result.BlockLatency.Memory));
        Assert.Contains("one segment of 16 tokens over a full memory of 48 positions", ExperimentMarkdownReport.Format(result));
        Assert.NotNull(new LatencyTableCache(folder.File(LatencyTableCache.DefaultFileName)).Find(result.BlockLatency.Device, options.HyperParameters(vocabulary: options.Corpus.VocabularySize) with { Memory = 48 }));
    }

    [Theory]
    // Identities early: the space's last layer is the found model's second of two, in its first two thirds.
    [InlineData("f--s", true, "attention at layers 1 (space layers 3 of 4)")]
    // Identities late: the space's third layer is the found model's last of three.
    [InlineData("ffs-", false, "attention at layers 2 (space layers 2 of 4)")]
    public void The_placement_claim_judges_the_measured_derivations_found_model_and_names_its_space_layers(
        string chosenPerSpaceLayer, bool holds, string measured)
    {
        using var folder = new TemporaryFolder();
        var result = new SearchExperiment(Tiny(folder.Path) with { References = [] }).Run();
        var space = result.Search.Space;

        var blocks = chosenPerSpaceLayer.Select(BlockKindExtensions.FromLetter).ToArray();
        var choices = blocks.Select((block, index) => space.Layers[index].Candidates.ToList().IndexOf(block)).ToEquatableArray();
        var layout = blocks.Where(block => block != BlockKind.Identity).Select(Layer.Fixed).ToEquatableArray();
        var chosen = new Derivation.ScoredCandidate(new Derivation.CandidateLayout(choices, layout, 0, null), 1.0, 1.0, 0.5);
        var derived = result with
        {
            Search = result.Search with
            {
                Found = result.Search.Found with { Layout = layout },
                MeasuredDerivation = new Derivation.MeasuredDerivationResult([chosen], chosen, 2.0, null, true),
            },
        };

        var placement = derived.Claims()[0];
        Assert.Equal((holds, measured), (placement.Holds, placement.Measured));
    }

    [Fact]
    public void ByDefault_TheSearchRunsItsShareOfTheTrainingSteps_AndItsCostIsCountedPerStepAndWhole()
    {
        using var folder = new TemporaryFolder();
        var options = Tiny(folder.Path) with { References = [] };
        var trainingTotals = new List<int>();
        var result = new SearchExperiment(options).Run(new SynchronousProgress<ExperimentProgress>(report =>
        {
            if (report.Training is { } training)
            {
                trainingTotals.Add(training.TotalSteps);
            }
        }));

        Assert.Equal((6, 6), (result.Search.Options.Steps, result.Search.History[^1].Step));
        Assert.NotEmpty(trainingTotals);
        Assert.All(trainingTotals, total => Assert.Equal(12, total));
        Assert.Equal((12, true), (result.TrainingSteps, result.SearchStepsDiffer));
        Assert.Equal(result.SearchCostRatio * 12 / 6, result.SearchCostPerStepRatio, 1e-9);

        var cost = result.Claims().Where(claim => claim.Claim.Contains("search", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cost.Count);
        Assert.Equal(result.SearchCostPerStepRatio <= 2.0, cost[0].Holds);
        Assert.Contains("per step", cost[0].Claim, StringComparison.Ordinal);
        Assert.Equal(result.SearchCostRatio <= 2.0, cost[1].Holds);
        Assert.EndsWith("(6 search steps, 12 training steps)", cost[1].Measured, StringComparison.Ordinal);
        Assert.Contains("; baseline training for 12 steps ", FoundModelWriter.Format(result.Search, result.Provenance), StringComparison.Ordinal);
        Assert.Contains("(6 search steps, 12 training steps; ", ExperimentMarkdownReport.Format(result), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultSearchLength_IsHalfTheTrainingForSoftSearchOfTheBuiltInCorpus_AndAllOfItOtherwise()
    {
        var soft = new ExperimentOptions { Steps = 500 };
        var singlePath = soft with { Search = soft.Search with { Sampling = new() { Mode = SamplingMode.SinglePath } } };

        Assert.Equal(250, soft.SearchStepsOn(builtInCorpus: true));
        Assert.Equal(500, soft.SearchStepsOn(builtInCorpus: false));
        Assert.Equal(500, singlePath.SearchStepsOn(builtInCorpus: true));
        Assert.Equal(3, (soft with { Steps = 5 }).SearchStepsOn(builtInCorpus: true));
        Assert.Equal(320, (singlePath with { SearchSteps = 320 }).SearchStepsOn(builtInCorpus: true));
        Assert.Equal(120, (soft with { SearchSteps = 120 }).SearchStepsOn(builtInCorpus: false));
    }

    [Fact]
    public void OnText_TheArgmaxSearchRuns700OfTheTrainings1200Steps_TheBudgetTheAblationGaveIt()
    {
        var text = ExperimentOptions.OnText;

        Assert.Equal(1200, text.Steps);
        Assert.Equal(700, text.SearchStepsOn(builtInCorpus: false));
        Assert.Equal(DerivationStrategy.MostProbable, text.Search.Derivation.Strategy);
        Assert.Equal(350, (text with { Steps = 600 }).SearchStepsOn(builtInCorpus: false)); // a user's --steps keeps the share
        Assert.Equal(600, (text with { SearchSteps = 600 }).SearchStepsOn(builtInCorpus: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => text with { SearchShare = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => text with { SearchShare = 1.5 });
    }

    [Fact]
    public void ASearchForTheTrainingsSteps_HasOneCostClaim_ForTheSameSteps()
    {
        using var folder = new TemporaryFolder();
        var options = Tiny(folder.Path) with { Steps = 4, SearchSteps = 4, References = [] };
        var result = new SearchExperiment(options).Run();

        Assert.Equal((4, 4, false), (result.Search.Options.Steps, result.TrainingSteps, result.SearchStepsDiffer));
        Assert.Equal(result.SearchCostRatio, result.SearchCostPerStepRatio, 1e-9);
        var cost = Assert.Single(result.Claims(), claim => claim.Claim.Contains("search", StringComparison.Ordinal));
        Assert.Equal($"{result.SearchCostRatio:0.00}x", cost.Measured);
        Assert.Contains("; baseline training for the same steps ", FoundModelWriter.Format(result.Search, result.Provenance), StringComparison.Ordinal);
    }

    [Fact]
    public void AGivenLatencyTable_IsReadInsteadOfMeasuringIntoTheWorkFolder()
    {
        using var folder = new TemporaryFolder();
        var table = folder.File(Path.Combine("shared", "latency.json"));
        var options = Tiny(folder.Path) with { LatencyTablePath = table };
        var stored = new BlockLatencyTable(BlockLatencyMeasurer.CurrentDevice(), 16, 32, 2, 16, 16, AttentionMs: 7.25, FeedForwardMs: 0.125, CachedAttention: true, Vocab: options.Corpus.VocabularySize);
        new LatencyTableCache(table).Store(stored);

        var result = new SearchExperiment(options).Run();

        Assert.Equal(stored, result.Search.LatencyTable);
        Assert.False(File.Exists(folder.File("block-latency.json")));
    }

    [Fact]
    public void Another_devices_table_prices_the_search_and_the_report_keeps_this_machines_timings_apart()
    {
        using var folder = new TemporaryFolder();
        var table = folder.File("gpu.json");
        var options = Tiny(folder.Path) with { LatencyTablePath = table };
        var gpu = new BlockLatencyTable(
            "cuda: NVIDIA H100 80GB HBM3", 16, 32, 2, 16, 16, AttentionMs: 7.25, FeedForwardMs: 0.125, CachedAttention: false, EmbeddingAndHeadMs: 0.5,
            Vocab: options.Corpus.VocabularySize, Threads: 16, DType: "bfloat16", Libraries: "torch 2.6.0, CUDA 12.4", MeasuredOn: "2026-12-07", MeasuredBy: "bench.py");
        LatencyTableCache.Write(table, [gpu]);

        var result = new SearchExperiment(options).Run();

        Assert.Equal(gpu, result.Search.LatencyTable);
        Assert.Equal(gpu, result.BlockLatency);
        var report = ExperimentMarkdownReport.Format(result);
        Assert.Contains("each model timed whole on this machine", report);
        Assert.Contains("The search priced blocks by the latency table of cuda: NVIDIA H100 80GB HBM3, 16 threads, bfloat16, torch 2.6.0, CUDA 12.4, measured 2026-12-07, by bench.py.", report);
        Assert.Contains("# latency of:   cuda: NVIDIA H100 80GB HBM3, ", FoundModelWriter.Format(result.Search, result.Provenance));
        Assert.False(File.Exists(folder.File("block-latency.json")));
    }

    [Fact]
    public void AnExperimentStoppedInItsSearch_ResumesToTheUninterruptedResult()
    {
        using var folder = new TemporaryFolder();
        var table = folder.File("latency.json"); // one measured table for both runs: the search depends on it
        var uninterrupted = new SearchExperiment(Tiny(folder.File("whole")) with { LatencyTablePath = table }).Run();

        var options = Tiny(folder.File("stopped")) with { LatencyTablePath = table };
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<ExperimentProgress>(report =>
        {
            if (report.Search is { Step: >= 4 })
            {
                stop.Cancel();
            }
        });
        var interrupted = Assert.Throws<SearchInterruptedException>(() => new SearchExperiment(options).Run(progress, stop.Token));
        Assert.Equal(4, interrupted.Step);
        Assert.Equal(options.SearchCheckpointPath, interrupted.CheckpointPath);

        var stepsReported = new List<int>();
        var resumed = new SearchExperiment(options).Run(
            new SynchronousProgress<ExperimentProgress>(report => stepsReported.AddRange(report.Search is { } search ? [search.Step] : [])),
            resume: true);

        Assert.Equal(6, stepsReported.First()); // it continued after step 4 instead of searching again

        Assert.Equal(Flatten(uninterrupted.Search.History), Flatten(resumed.Search.History));
        Assert.Equal(uninterrupted.Found.Layout, resumed.Found.Layout);
        Assert.Equal(uninterrupted.Rows.Select(row => row.ValidLoss), resumed.Rows.Select(row => row.ValidLoss));
    }

    private static double[] Flatten(IEnumerable<Progress.ProbabilitySnapshot> history) =>
        history.SelectMany(snapshot => snapshot.Layers.SelectMany(layer => layer.Probabilities)).ToArray();
}
