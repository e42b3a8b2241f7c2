using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Runtime;
using Par.Runtime.Data;
using Par.Runtime.Memory;
using Par.Runtime.Training;
using Par.Search.Checkpoints;
using Par.Search.Data;
using Par.Search.Derivation;
using Par.Search.Gradients;
using Par.Search.Latency;
using Par.Search.Optimization;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Schedules;
using Par.Search.Space;
using Par.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search;

/// <summary>
/// The PAR supernet search (Mandava et al., arXiv 2009.04534) on a <see cref="Supernet"/> built from the space.
/// Phase 1 trains the weights alone with the logits frozen at uniform. Phase 2 alternates a weight step
/// (AdamW, on the head of the training stream) with an architecture step (Adam on the logits, on the
/// held-out tail of the training stream: DARTS' split). Candidates are mixed by Gumbel-softmax at FBNet's
/// annealed temperature (<see cref="SamplingMode.Soft"/>) or paths are sampled from the plain softmax
/// (<see cref="SamplingMode.SinglePath"/>, ProxylessNAS: one path per weight step; architecture steps compare sampled
/// paths as <see cref="SupernetSampling.PathGradient"/> says; the temperature does not apply). Weight steps carry Transformer-XL segment memory per stream when
/// <see cref="SearchOptions.UseMemory"/> is set; architecture steps keep their own memory over their slice. Both learn
/// what a model of the space's attention kind learns (<see cref="SegmentObjective"/>): the next tokens, or for an
/// encoder space the masked ones.
/// </summary>
public sealed class ArchitectureSearch
{
    // The weights' learning rate warms up linearly, then decays along a cosine to a tenth of its peak over the whole search.
    private const double FinalWeightLearningRateRatio = 0.1;

    private readonly SearchSpace space;
    private readonly SearchOptions options;
    private readonly BlockLatencyTable? latencyTable;

    /// <param name="space">What to search.</param>
    /// <param name="options">How; validated here.</param>
    /// <param name="latencyTable">
    /// Block latencies for the latency-aware loss and the derivation's budget; needed with a <see cref="SearchOptions.Latency"/>
    /// objective that is on. <see cref="LatencyTableCache"/> is the one way to get one: measured once per device and shape, then reused.
    /// </param>
    public ArchitectureSearch(SearchSpace space, SearchOptions options, BlockLatencyTable? latencyTable = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.space = space;
        this.options = options;
        this.latencyTable = latencyTable is null && options.Latency.IsOn
            ? throw new ArgumentException("A latency objective needs the block latency table: get it from LatencyTableCache, which measures it once per device and shape.", nameof(latencyTable))
            : latencyTable;
        Schedule = TemperatureSchedule.Reaching(options.Sampling.FinalTemperature, Math.Max(1, options.AlternatingSteps));
    }

    public TemperatureSchedule Schedule { get; }

    /// <summary>How derivation by measurement times its finalists for the report; tests replace the machine's clock.</summary>
    internal MeasuredDerivation.FinalistTimer? FinalistTimer { get; init; }

    /// <summary>
    /// Runs the search on the <paramref name="training"/> split (the search cuts its held-out architecture slice
    /// from it and is never given validation data) and derives the found model. With
    /// <see cref="SearchOptions.Checkpoint"/> set, the state is saved every <see cref="SearchCheckpointing.Every"/>
    /// steps and when <paramref name="cancellationToken"/> stops the search (<see cref="SearchInterruptedException"/>);
    /// <paramref name="resume"/> continues from that checkpoint, with the same result as an uninterrupted search.
    /// <paramref name="tokenizer"/> is the data's: an encoder space needs its <c>[MASK]</c> token, and the derivation's
    /// trainings take it.
    /// </summary>
    public SearchResult Run(TokenStream training, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default, bool resume = false, ITokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        var objective = SegmentObjective.For(space.HyperParameters, tokenizer, options.Seed);
        var checkpoint = options.Checkpoint is { } checkpointing ? new SearchCheckpointFile(checkpointing, SearchSettings.CheckpointKey(space, options, training.Count), options.Steps) : null;
        if (resume && checkpoint is null)
        {
            throw new ArgumentException("Resuming a search needs SearchOptions.Checkpoint.", nameof(resume));
        }

        var stopwatch = Stopwatch.StartNew();
        var elapsedBefore = TimeSpan.Zero;
        TimeSpan Elapsed() => elapsedBefore + stopwatch.Elapsed;
        var hp = space.HyperParameters;
        random.manual_seed(options.Seed);

        var split = TrainingSplit.Cut(training, options.ArchitectureDataShare);
        var weightStream = new StreamBatcher(split.Weights, options.BatchSize, hp.Context);
        var architectureStream = new StreamBatcher(split.Architecture, options.BatchSize, hp.Context);
        var tokensPerSegment = (long)options.BatchSize * hp.Context;
        using var supernet = Supernet.Create(space.ToSupernetModel(), options.Seed, options.Device);
        var weights = supernet.WeightParameters().ToList();
        var logits = supernet.ArchitectureParameters().ToList();
        using var weightOptimizer = AdamWOptimizer.Create(weights, options.WeightLearningRate, options.WeightDecay);
        var weightSchedule = new WarmupCosineSchedule(options.WeightLearningRate, options.WarmupSteps, options.Steps, FinalWeightLearningRateRatio);
        using var architectureOptimizer = optim.Adam(logits, options.ArchitectureLearningRate, weight_decay: options.ArchitectureWeightDecay);
        using var weightMemory = options.UseMemory ? supernet.CreateMemory() : null;
        using var architectureMemory = options.UseMemory ? supernet.CreateMemory() : null;
        var latencyLoss = LatencyAwareLoss.For(options.Latency, latencyTable, latencyTable?.LayoutLatencyMs(space.ToSupernetModel()) ?? 0, LatencyBudgetMs);

        var history = new List<ProbabilitySnapshot> { new(0, Schedule.Initial, Probabilities(supernet)) };
        long weightTokens = 0;
        long architectureTokens = 0;
        var weightsOnlyWallTime = TimeSpan.Zero;
        var firstStep = 0;
        var runtime = new SearchRuntime(supernet, weightOptimizer, architectureOptimizer, weightStream, architectureStream, weightMemory, architectureMemory);
        if (resume)
        {
            var state = checkpoint!.Load(runtime, Device, history[0].Layers);
            (firstStep, weightTokens, architectureTokens) = (state.Step, state.WeightTokens, state.ArchitectureTokens);
            elapsedBefore = TimeSpan.FromSeconds(state.ElapsedSeconds);
            weightsOnlyWallTime = TimeSpan.FromSeconds(state.WeightsOnlySeconds);
            history = state.ToHistory();
        }

        SearchCheckpointState Snapshot(int step) =>
            SearchCheckpointState.Capture(step, weightTokens, architectureTokens, Elapsed(), weightsOnlyWallTime, history, runtime);

        SearchProgress? lastReport = null;
        supernet.train();
        for (var step = firstStep; step < options.Steps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Between steps everything is consistent: this is the state after `step` completed steps.
                checkpoint?.Save(Snapshot(step), runtime);
                throw new SearchInterruptedException(step, checkpoint?.Path, cancellationToken);
            }

            var phase = step < options.WeightsOnlySteps ? SearchPhase.WeightsOnly : SearchPhase.Alternating;
            if (step == options.WeightsOnlySteps)
            {
                weightsOnlyWallTime = Elapsed();
            }

            var temperature = phase == SearchPhase.WeightsOnly ? Schedule.Initial : Schedule.At(step - options.WeightsOnlySteps);
            weightOptimizer.SetLearningRate(weightSchedule.At(step));
            var weightLoss = WeightStep(supernet, temperature, weightStream, weightMemory, objective, weights, logits, weightOptimizer);
            weightTokens += tokensPerSegment;
            if (!double.IsFinite(weightLoss))
            {
                throw new SearchDivergedException(step + 1, phase, architectureStep: false, weightLoss);
            }

            double? architectureLoss = null;
            if (phase == SearchPhase.Alternating)
            {
                architectureLoss = ArchitectureStep(supernet, temperature, architectureStream, architectureMemory, objective, weights, logits, architectureOptimizer, latencyLoss);
                architectureTokens += tokensPerSegment;
                if (!double.IsFinite(architectureLoss.Value))
                {
                    throw new SearchDivergedException(step + 1, phase, architectureStep: true, architectureLoss.Value);
                }
            }

            var done = step + 1;
            if (done % options.RecordEvery == 0 || done == options.Steps)
            {
                var probabilities = Probabilities(supernet);
                history.Add(new ProbabilitySnapshot(done, temperature, probabilities));
                lastReport = new SearchProgress(
                    done,
                    options.Steps,
                    phase,
                    options.Sampling.Mode == SamplingMode.Soft ? temperature : null,
                    weightLoss,
                    architectureLoss,
                    latencyTable?.ExpectedLatencyMs(probabilities),
                    probabilities,
                    Elapsed(),
                    SearchTimeEstimate.Remaining(done, options.Steps, options.WeightsOnlySteps, Elapsed(), weightsOnlyWallTime));
                progress?.Report(lastReport);
            }

            if (checkpoint is not null && done % checkpoint.Every == 0 && done < options.Steps)
            {
                checkpoint.Save(Snapshot(done), runtime);
            }
        }

        var finalProbabilities = history[^1].Layers;

        // A search resumed from its last step reported no step in this process: the derivation's reports start from its end.
        var finished = lastReport ?? new SearchProgress(
            options.Steps, options.Steps, options.WeightsOnlySteps < options.Steps ? SearchPhase.Alternating : SearchPhase.WeightsOnly,
            null, double.NaN, null, latencyTable?.ExpectedLatencyMs(finalProbabilities), finalProbabilities, Elapsed(), null);
        var found = LayoutDerivation.Derive(space, finalProbabilities, options.Derivation.FoundModelName);
        MeasuredDerivationResult? measured = null;
        if (options.Derivation.Strategy != DerivationStrategy.MostProbable)
        {
            var inputs = new DerivationInputs
            {
                Space = space,
                Probabilities = finalProbabilities,
                Supernet = supernet,
                WeightData = split.Weights,
                HeldOut = split.Architecture,
                Table = latencyTable,
                BudgetMs = LatencyBudgetMs,
                Options = options.Derivation,
                SearchSteps = options.Steps,
                Recipe = options.TrainingRecipe(hp),
                Tokenizer = tokenizer,
                Device = options.Device,
                Cancellation = cancellationToken,
                Report = progress is null
                    ? null
                    : derivation => progress.Report(finished with { Derivation = derivation, Elapsed = Elapsed(), EstimatedRemaining = null }),
            };
            measured = MeasuredDerivation.Derive(inputs, options.Latency, FinalistTimer);
            found = new ParModel(options.Derivation.FoundModelName, measured.Chosen.Candidate.Layout, space.HyperParameters);
        }

        return new SearchResult(space, options, Schedule, finalProbabilities, history, found, weightTokens, architectureTokens, Elapsed(),
            options.WeightsOnlySteps == options.Steps ? Elapsed() : weightsOnlyWallTime, latencyTable)
        {
            LatencyBudgetMs = LatencyBudgetMs,
            MeasuredDerivation = measured,
        };
    }

    /// <summary>
    /// The latency budget of the blocks in the table's milliseconds: <see cref="LatencyObjective.TargetMs"/> or
    /// <see cref="LatencyObjective.Target"/> of the interleaved baseline of the space's depth, both of a whole model,
    /// less the embedding and head every layout pays (<see cref="BlockLatencyTable.EmbeddingAndHeadMs"/>). Null unless the
    /// search has a <see cref="LatencyLossForm.Budget"/> latency loss.
    /// </summary>
    public double? LatencyBudgetMs => options.Latency.HasBudget && latencyTable is not null
        ? options.Latency.TargetMs is { } targetMs
            ? Math.Max(0, targetMs - latencyTable.EmbeddingAndHeadMs)
            : latencyTable.BlockBudgetMs(options.Latency.Target, space.LayerCount)
        : null;

    // Only the weights take gradients here: the logits are frozen in phase 1 and updated by their own step in phase 2.
    private double WeightStep(Supernet supernet, double temperature, StreamBatcher stream, SegmentMemory? memory, SegmentObjective objective, List<Parameter> weights, List<Parameter> logits, AdamW optimizer)
    {
        using var scope = NewDisposeScope();
        SetTrainable(weights, true);
        SetTrainable(logits, false);

        // Gradients set to none, not zero: a block a single-path step did not run gets no update at all (AdamW skips it),
        // rather than a momentum-and-decay step that would depend on whether it ever ran before (and break exact resume).
        supernet.zero_grad(set_to_none: true);
        var segment = SegmentLoss.Next(stream, memory, objective);
        var sample = options.Sampling switch
        {
            { Mode: SamplingMode.SinglePath } => supernet.SamplePaths(),
            { UniformWeightSteps: true } => supernet.SampleUniformGumbel(temperature),
            _ => supernet.SampleGumbel(temperature),
        };
        var loss = SegmentLoss.CrossEntropy(supernet, sample, segment, memory, Device);
        loss.backward();
        nn.utils.clip_grad_norm_(weights, options.GradientClip);
        optimizer.StepSafely();
        return loss.item<float>();
    }

    // Only the logits take gradients here, which also spares the backward pass through the weight gradients.
    private double ArchitectureStep(Supernet supernet, double temperature, StreamBatcher stream, SegmentMemory? memory, SegmentObjective objective, List<Parameter> weights, List<Parameter> logits, Adam optimizer, LatencyAwareLoss? latencyLoss)
    {
        SetTrainable(weights, false);
        SetTrainable(logits, true);
        if (options.Sampling.ScoresSampledPaths)
        {
            return ScoreFunctionStep.Run(supernet, stream, memory, objective, optimizer, latencyLoss, Device);
        }

        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var segment = SegmentLoss.Next(stream, memory, objective);
        var sample = options.Sampling.Mode == SamplingMode.Soft ? supernet.SampleGumbel(temperature) : supernet.SamplePairs();
        var loss = SegmentLoss.CrossEntropy(supernet, sample, segment, memory, Device);
        if (latencyLoss is not null)
        {
            loss = latencyLoss.Apply(loss, latencyLoss.ExpectedLatencyMicroseconds(supernet.MixedLayers, sample));
        }

        if (options.IdentityPenalty > 0)
        {
            loss = loss.Plus(IdentityPrior.MeanIdentityProbability(supernet.MixedLayers).Times(options.IdentityPenalty));
        }

        loss.backward();
        optimizer.StepSafely();
        supernet.RescaleSampledPairs(sample);

        return loss.item<float>();
    }

    private Device Device => options.Device ?? CPU;

    private static void SetTrainable(List<Parameter> parameters, bool trainable)
    {
        foreach (var parameter in parameters)
        {
            parameter.requires_grad = trainable;
        }
    }

    /// <summary>Per space layer: the mixed layer's softmax, or certainty for a fixed layer.</summary>
    private IReadOnlyList<LayerProbabilities> Probabilities(Supernet supernet)
    {
        var rows = new List<LayerProbabilities>(space.LayerCount);
        var mixed = 0;
        for (var index = 0; index < space.LayerCount; index++)
        {
            var layer = space.Layers[index];
            if (!layer.IsChoice)
            {
                rows.Add(LayerProbabilities.Certain(index, layer.Block));
                continue;
            }

            using var probabilities = supernet.MixedLayers[mixed++].Probabilities();
            rows.Add(LayerProbabilities.From(index, layer.Candidates, probabilities.data<float>().ToArray()));
        }

        return rows;
    }
}
