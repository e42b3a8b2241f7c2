using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime;
using Par.Runtime.Benchmarking;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Search.Latency;
using Par.Search.Space;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Search.Experiment;

/// <summary>
/// The whole PAR story on the built-in synthetic corpus, in one call: search <c>[sf-]xN</c>, then train the
/// interleaved baseline <c>(sf)x(N/2)</c>, the found model and any <see cref="ExperimentOptions.References"/> for
/// the same step budget (the search runs <see cref="ExperimentOptions.SearchStepsOn"/>: by default half of it for a
/// soft search of the built-in corpus, as the paper's search was shorter than its training), evaluate them on the
/// validation split (all tokens and the recall tokens), and time their inference the same way. With
/// <see cref="ExperimentOptions.Objective"/> mlm every model is an encoder, trained and scored on masked positions.
/// </summary>
public sealed class SearchExperiment
{
    public const string BaselineName = "Baseline";

    private readonly ExperimentOptions options;
    private readonly TimeProvider clock;

    /// <param name="options">Sizes and budgets; <see cref="ExperimentOptions"/>' defaults fit ten minutes on two cores.</param>
    /// <param name="clock">The date written into the provenance; the system clock when null.</param>
    public SearchExperiment(ExperimentOptions? options = null, TimeProvider? clock = null)
    {
        this.options = options ?? new ExperimentOptions();
        this.clock = clock ?? TimeProvider.System;

        // Names double as checkpoint folders and table rows, so they must not collide.
        var names = this.options.ComparedReferences.Select(reference => reference.Name).Append(BaselineName).Append(this.options.Search.Derivation.FoundModelName).ToList();
        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Count)
        {
            throw new ArgumentException($"Reference names must differ from each other and from '{BaselineName}' and '{this.options.Search.Derivation.FoundModelName}'.", nameof(options));
        }
    }

    public ExperimentOptions Options => options;

    /// <summary>
    /// Runs the experiment on <paramref name="data"/>, or on the built-in synthetic corpus of
    /// <see cref="ExperimentOptions.Corpus"/> when it is null. The search saves its state to
    /// <see cref="ExperimentOptions.SearchCheckpointPath"/> every <see cref="ExperimentOptions.CheckpointEvery"/> steps and
    /// when <paramref name="cancellationToken"/> stops it (<see cref="SearchInterruptedException"/>);
    /// <paramref name="resume"/> continues the search from there, then trains and measures as usual. The trainings
    /// are short and keep no checkpoint: an experiment stopped after its search reruns them. An encoder experiment needs
    /// <paramref name="data"/> loaded with its mask token (the built-in corpus gets one here).
    /// </summary>
    public ExperimentResult Run(IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default, Dataset? data = null, bool resume = false)
    {
        var total = Stopwatch.StartNew();
        if (options.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        var corpus = data ?? Dataset.Load(Dataset.Synthetic, null, synthetic: options.Corpus, maskToken: options.IsEncoder);
        var hp = options.HyperParameters(corpus.Tokenizer.VocabularySize);
        var date = clock.GetUtcNow();

        progress?.Report(new ExperimentProgress(ExperimentStage.MeasuringBlockLatency));
        var timed = options.Search.Latency.TimedShape(hp);
        var blockLatency = LatencyTableCache.At(options.LatencyTablePath)
            .GetOrMeasure(timed, Device, options.RemeasureLatency, options.LatencyWarmupRuns, options.LatencyRuns);

        var space = SearchSpace.Uniform("Supernet", options.Layers, hp, options.Candidates);
        var searchOptions = options.Search with
        {
            Steps = options.SearchStepsOn(builtInCorpus: data is null),
            Checkpoint = new Checkpoints.SearchCheckpointing { Path = options.SearchCheckpointPath, Every = options.CheckpointEvery },
        };
        var searchProgress = progress is null ? null : new SynchronousProgress<Progress.SearchProgress>(report => progress.Report(new ExperimentProgress(ExperimentStage.Searching, Search: report)));
        var searchStarted = total.Elapsed;
        var search = new ArchitectureSearch(space, searchOptions, blockLatency).Run(corpus.Train, searchProgress, cancellationToken, resume, corpus.Tokenizer);

        // A resumed search's wall time includes the sessions before this one; so does the whole run's.
        var earlierSessions = search.WallTime - (total.Elapsed - searchStarted);

        var definitions = new[] { new ParModel(BaselineName, ReferenceLayouts.Interleaved(options.Layers / 2), hp), search.Found }
            .Concat(options.ComparedReferences.Select(reference => new ParModel(reference.Name, reference.Layout, hp)))
            .ToArray();
        var rows = TrainAndMeasure(definitions, corpus, index => index == 1 ? ExperimentStage.TrainingFound : ExperimentStage.TrainingReference, progress, cancellationToken);

        var baselineSeconds = rows[0].TrainingSeconds;
        var provenance = new SearchProvenance(
            date,
            data is null
                ? $"synthetic key-value recall (seed {options.Corpus.Seed}, {options.Corpus.TrainTokens} training tokens)"
                : $"{corpus.Name} ({corpus.Train.Count} training tokens)",
            $"{corpus.Tokenizer.Name} ({corpus.Tokenizer.VocabularySize} tokens)",
            search.WallTime,
            TimeSpan.FromSeconds(baselineSeconds),
            options.Steps);
        return new ExperimentResult(rows, search, provenance, blockLatency, total.Elapsed + (earlierSessions > TimeSpan.Zero ? earlierSessions : TimeSpan.Zero))
        {
            Metric = options.IsEncoder ? ValidMetric.Masked : ValidMetric.For(corpus.Tokenizer, builtInCorpus: data is null),
        };
    }

    /// <summary>
    /// Trains the interleaved baseline and the <see cref="ExperimentOptions.ComparedReferences"/> on <paramref name="data"/> exactly
    /// as <see cref="Run"/> trains its rows, without a search: what the space holds at this scale, before a search looks.
    /// The baseline is the first row.
    /// </summary>
    public IReadOnlyList<ExperimentRow> TrainReferences(Dataset data, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (options.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        var hp = options.HyperParameters(data.Tokenizer.VocabularySize);
        var definitions = options.ComparedReferences.Select(reference => new ParModel(reference.Name, reference.Layout, hp))
            .Prepend(new ParModel(BaselineName, ReferenceLayouts.Interleaved(options.Layers / 2), hp))
            .ToArray();
        return TrainAndMeasure(definitions, data, _ => ExperimentStage.TrainingReference, progress, cancellationToken);
    }

    // Trains every definition in turn (the first is the baseline), then times them in interleaved rounds.
    private List<ExperimentRow> TrainAndMeasure(
        IReadOnlyList<ParModel> definitions, Dataset corpus, Func<int, ExperimentStage> stageOf, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var trained = new List<(ParModel Definition, LayoutModel Model, double Seconds, double? EndSlope)>(definitions.Count);
        var rows = new List<ExperimentRow>(definitions.Count);
        try
        {
            foreach (var definition in definitions)
            {
                var stage = trained.Count == 0 ? ExperimentStage.TrainingBaseline : stageOf(trained.Count);
                var (model, seconds, endSlope) = Train(definition, corpus, stage, progress, cancellationToken);
                trained.Add((definition, model, seconds, endSlope));
            }

            progress?.Report(new ExperimentProgress(ExperimentStage.Evaluating));
            var latencies = InterleavedLatenciesMs(trained.Select(entry => entry.Model).ToList());
            for (var index = 0; index < trained.Count; index++)
            {
                var (definition, model, seconds, endSlope) = trained[index];
                rows.Add(Row(definition, model, corpus, seconds, latencies[index], latencies[0]) with { EndSlope = endSlope });
            }
        }
        finally
        {
            foreach (var entry in trained)
            {
                entry.Model.Dispose();
            }
        }

        return rows;
    }

    private (LayoutModel Model, double Seconds, double? EndSlope) Train(ParModel definition, Dataset corpus, ExperimentStage stage, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        // Same seed for every model: their differences come from the layout, not from the draw.
        random.manual_seed(options.Search.Seed);
        var model = LayoutModel.Create(definition, Device);
        var trainingOptions = options.Search.TrainingRecipe(definition.HyperParameters) with
        {
            Steps = options.Steps,
            CheckpointDirectory = Path.Combine(options.WorkDirectory, definition.Name),
        };
        var data = new TrainingData(corpus.Train, null, corpus.Tokenizer, ParPrinter.Print(definition));
        var relay = progress is null ? null : new SynchronousProgress<TrainingProgress>(report => progress.Report(new ExperimentProgress(stage, Training: report, Model: definition.Name)));
        var stopwatch = Stopwatch.StartNew();
        var training = new Trainer(model, data, trainingOptions).Run(relay, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return (model, stopwatch.Elapsed.TotalSeconds, EndOfTrainingSlope.PerHundredSteps(training.History));
    }

    // Each model's latency: its median over interleaved rounds.
    private double[] InterleavedLatenciesMs(IReadOnlyList<LayoutModel> models) =>
        InterleavedLatency.Measure(models, options.Search.Latency, options.LatencyRounds, options.LatencyWarmupRuns, options.LatencyRuns, Device).MediansMs();

    private ExperimentRow Row(ParModel definition, LayoutModel model, Dataset corpus, double trainingSeconds, double latencyMs, double baselineLatencyMs)
    {
        var objective = TrainingObjectiveNames.DefaultFor(definition.HyperParameters.Attention);
        var evaluation = Evaluator.Evaluate(model, corpus.Valid, options.Search.BatchSize, options.Context, corpus.Tokenizer, objective);
        return new ExperimentRow(
            definition.Name,
            ParPrinter.PrintLayout(definition.Layout),
            definition.LayerCount,
            definition.AttentionBlockCount,
            ParameterCounter.Count(definition),
            evaluation.Loss,
            evaluation.RecallLoss,
            evaluation.RecallAccuracy,
            latencyMs,
            latencyMs / baselineLatencyMs,
            trainingSeconds)
        {
            MaskedAccuracy = evaluation.MaskedAccuracy,
        };
    }

    // The search's device is the experiment's: latency ratios mean something only between models timed on one device.
    private Device? Device => options.Search.Device;
}
