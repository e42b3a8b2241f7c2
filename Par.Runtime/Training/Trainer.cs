using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using Par.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Trains a language model on a token stream, Transformer-XL style: contiguous segments with the memory
/// carried (detached) from one step to the next, AdamW with warmup + cosine decay, gradient clipping,
/// periodic validation and atomic checkpoints. A fresh run seeds torch's generator from
/// <see cref="TrainingOptions.Seed"/>; the model must be constructed under the caller's own seed.
/// Resuming from a checkpoint and training to step n gives the same weights as an uninterrupted run to n:
/// the checkpoint carries every slot of the model's <see cref="SegmentMemory"/> too. An encoder trains on the same
/// segments as sequences of its own, BERT-masked (<see cref="TrainingOptions.Objective"/>): its masks follow from the
/// seed and the segment's index, so a resumed run masks exactly as an uninterrupted one.
/// </summary>
public sealed class Trainer
{
    private readonly IParLanguageModel model;
    private readonly nn.Module<Tensor, Tensor> module;
    private readonly Device device;
    private readonly TrainingData data;
    private readonly TrainingOptions options;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <see cref="TrainingOptions.Objective"/> does not fit the model's attention,
    /// or is masked and the tokenizer has no mask token.
    /// </summary>
    public Trainer(IParLanguageModel model, TrainingData data, TrainingOptions options)
    {
        if (options.Objective.Refusal(model.HyperParameters.Attention) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(options));
        }

        if (options.Objective == TrainingObjective.MaskedLanguageModel && data.Tokenizer?.MaskToken is null)
        {
            throw new ArgumentException($"Masked-language-model training needs a tokenizer with {MaskToken.Text}; load the data with its mask token.", nameof(data));
        }

        this.model = model;
        module = model.AsModule();
        device = model.ParameterDevice();
        this.data = data;
        this.options = options;
    }

    /// <summary>
    /// Raised after each checkpoint is written, with the run's history so far, so that a caller can draw its
    /// curves beside it (<c>par train</c> does) while the runtime stays free of plotting.
    /// </summary>
    public event Action<TrainingCheckpointSaved>? CheckpointSaved;

    /// <summary>
    /// Runs to <see cref="TrainingOptions.Steps"/>. On cancellation saves a checkpoint and returns with
    /// <see cref="TrainingResult.Interrupted"/> set. Throws <see cref="TrainingDivergedException"/> on a
    /// non-finite loss, leaving the last checkpoint untouched, <see cref="CorpusException"/> when a
    /// resumed checkpoint's tokenizer differs from <see cref="TrainingData.Tokenizer"/>, and <see cref="CheckpointException"/>
    /// when it is damaged, does not fit the model, or was written under other <see cref="TrainingRunSettings"/>.
    /// </summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var batcher = new StreamBatcher(data.Train, options.Batch, options.Context);
        var schedule = new WarmupCosineSchedule(options.LearningRate, options.WarmupSteps, options.Steps, options.MinLearningRateRatio);
        var trainable = module.named_parameters().Where(named => named.parameter.requires_grad).ToList();
        var parameters = trainable.Select(named => named.parameter).ToList();
        using var optimizer = AdamWOptimizer.Create(parameters, options.LearningRate, options.WeightDecay);
        var moments = new AdamWMoments(optimizer, trainable);
        var history = new List<TrainingRecord>();
        // The data's digest is read only by checkpoints: a run that keeps none never computes it.
        var settings = new Lazy<TrainingRunSettings>(() => TrainingRunSettings.Of(data, options));
        var memory = model.CreateMemory();
        string? lastCheckpoint = null;
        EvaluationResult? lastValidation = null;
        var step = 0;
        try
        {
            if (options.ResumeFrom is { } resumePath)
            {
                step = Restore(resumePath, settings.Value, moments, batcher, history, memory);
                lastCheckpoint = resumePath;
            }
            else
            {
                random.manual_seed(options.Seed);
            }

            var clock = Stopwatch.StartNew();
            var firstStep = step;
            while (step < options.Steps)
            {
                if (cancellation.IsCancellationRequested)
                {
                    lastCheckpoint = SaveCheckpoint(step, settings, moments, batcher, history, memory);
                    return new TrainingResult(step, Interrupted: true, lastCheckpoint, history, lastValidation);
                }

                var learningRate = schedule.At(step);
                var loss = TrainStep(optimizer, parameters, batcher, ref memory, learningRate);
                step++;
                if (!double.IsFinite(loss))
                {
                    throw new TrainingDivergedException(step, loss, lastCheckpoint);
                }

                double? validLoss = null;
                if (data.Valid is not null && options.EvalInterval > 0 && (step % options.EvalInterval == 0 || step == options.Steps))
                {
                    lastValidation = Evaluator.Evaluate(model, data.Valid, options.Batch, options.Context, Tokenizer, options.Objective, options.EvalBatches);
                    validLoss = lastValidation.Loss;

                    // A finite training loss can still leave weights that score the validation data as impossible: the
                    // update of this very step blew them up. That is a divergence too, and nothing after it is saved.
                    if (!double.IsFinite(validLoss.Value))
                    {
                        throw new TrainingDivergedException(step, validLoss.Value, lastCheckpoint, "the validation loss");
                    }
                }

                history.Add(new TrainingRecord(step, loss, validLoss));
                if (progress is not null && options.LogInterval > 0 && (step % options.LogInterval == 0 || step == options.Steps))
                {
                    progress.Report(Progress(step, firstStep, loss, learningRate, clock.Elapsed));
                }

                if (options.CheckpointInterval > 0 && step % options.CheckpointInterval == 0 && step < options.Steps)
                {
                    lastCheckpoint = SaveCheckpoint(step, settings, moments, batcher, history, memory);
                }
            }

            lastCheckpoint = SaveCheckpoint(step, settings, moments, batcher, history, memory);
            return new TrainingResult(step, Interrupted: false, lastCheckpoint, history, lastValidation);
        }
        finally
        {
            memory.Dispose();
        }
    }

    private double TrainStep(AdamW optimizer, IReadOnlyList<Parameter> parameters, StreamBatcher batcher, ref SegmentMemory memory, double learningRate)
    {
        using var scope = NewDisposeScope();
        module.train();
        var segment = batcher.Next();
        if (segment.StartsPass && segment.Index > 0)
        {
            // A new pass jumps back to the start of every row: the old memory no longer precedes it.
            memory.Dispose();
            memory = model.CreateMemory();
        }

        var (inputs, targets) = InputsAndTargets(segment);
        var logits = model.forward(inputs.to(device), memory);
        var loss = LanguageModelLoss.Of(logits, targets.to(device));
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            return value;
        }

        module.zero_grad();
        loss.backward();
        if (options.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(parameters, options.GradientClip);
        }

        optimizer.SetLearningRate(learningRate);
        optimizer.StepSafely();
        return value;
    }

    /// <summary>The step's inputs and targets: the segment's next tokens, or its inputs BERT-masked.</summary>
    private (Tensor Inputs, Tensor Targets) InputsAndTargets(Segment segment) => options.Objective == TrainingObjective.MaskedLanguageModel
        ? TokenMasking.Mask(segment.Inputs, Tokenizer.MaskToken!.Value, options.Seed, segment.Index)
        : (segment.Inputs, segment.Targets);

    private int Restore(string path, TrainingRunSettings settings, AdamWMoments moments, StreamBatcher batcher, List<TrainingRecord> history, SegmentMemory memory)
    {
        using var checkpoint = CheckpointFile.Load(path);
        checkpoint.Tokenizer.Verify(Tokenizer.Describe(), path);
        if (settings.DifferencesFrom(checkpoint.Settings) is { Count: > 0 } differences)
        {
            throw new CheckpointException(path,
                $"written by a run with other settings; resume with the same model, data, seed, batch and context, or start a new run ({string.Join("; ", differences)}).");
        }

        if (checkpoint.Step > options.Steps)
        {
            throw new CheckpointException(path, $"the run is at step {checkpoint.Step}, past the {options.Steps} steps asked for; resume with at least {checkpoint.Step} steps.");
        }

        CheckpointChecks.SameTensors(path, CheckpointFile.ModelEntry, module.state_dict(), checkpoint.ModelState);
        CheckpointChecks.SameTensors(path, CheckpointFile.OptimizerEntry, moments.StateDict(), checkpoint.OptimizerState);
        module.load_state_dict(checkpoint.ModelState.ToDictionary(pair => pair.Key, pair => pair.Value));
        moments.Load(checkpoint.OptimizerState, checkpoint.OptimizerStepCount);
        batcher.Position = checkpoint.BatcherPosition;
        if (checkpoint.MemoryState is not null)
        {
            try
            {
                memory.LoadStateDict(checkpoint.MemoryState);
            }
            catch (InvalidDataException exception)
            {
                throw new CheckpointException(path, $"entry {CheckpointFile.MemoryEntry}: {exception.Message}");
            }
        }

        using (var state = tensor(checkpoint.TorchRngState))
        {
            random.set_rng_state(state);
        }

        history.AddRange(checkpoint.History);
        return checkpoint.Step;
    }

    private ITokenizer Tokenizer => data.Tokenizer ?? throw new ArgumentException("A run that keeps checkpoints or validates needs the data's tokenizer.", nameof(data));

    private string? SaveCheckpoint(int step, Lazy<TrainingRunSettings> settings, AdamWMoments moments, StreamBatcher batcher, IReadOnlyList<TrainingRecord> history, SegmentMemory memory)
    {
        if (options.CheckpointDirectory is not { } directory)
        {
            return null;
        }

        var path = options.CheckpointPath;

        using var scope = NewDisposeScope();
        var checkpoint = new TrainingCheckpoint(
            step,
            moments.StepCount,
            batcher.Position,
            random.get_rng_state().data<byte>().ToArray(),
            Tokenizer.Describe(),
            settings.Value,
            history.ToList(),
            module.state_dict(),
            moments.StateDict(),
            memory.StateDict());
        CheckpointFile.Save(path, checkpoint);
        TrainingHistoryFile.Write(history, directory);
        CheckpointSaved?.Invoke(new TrainingCheckpointSaved(step, path, checkpoint.History));
        return path;
    }

    private TrainingProgress Progress(int step, int firstStep, double loss, double learningRate, TimeSpan elapsed)
    {
        var done = step - firstStep;
        var tokensPerSecond = done * (double)options.Batch * options.Context / Math.Max(elapsed.TotalSeconds, 1e-9);
        var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (options.Steps - step));
        return new TrainingProgress(step, options.Steps, loss, learningRate, tokensPerSecond, elapsed, remaining);
    }
}
