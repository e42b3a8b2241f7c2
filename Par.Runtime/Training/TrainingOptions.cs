using System;
using System.IO;
using Par.Runtime.Data;

namespace Par.Runtime.Training;

/// <summary>Everything that steers a training run. Intervals are in optimizer steps; 0 turns a periodic action off.</summary>
public sealed record TrainingOptions
{
    public const string CheckpointFileName = "checkpoint.parckpt";

    /// <summary>Total optimizer steps; a resumed run continues up to this step.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Rows per segment (Transformer-XL's batch of contiguous streams).</summary>
    public int Batch { get; init; } = 16;

    /// <summary>Tokens per segment (tgt_len).</summary>
    public int Context { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    public int WarmupSteps { get; init; } = 100;

    /// <summary>The cosine decay ends at LearningRate · MinLearningRateRatio.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>Decoupled (AdamW) weight decay, applied to matrices only, not to biases, norms or logits.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gradients are clipped to this global L2 norm; 0 disables clipping.</summary>
    public double GradientClip { get; init; } = 0.25;

    /// <summary>Seeds torch's generator (dropout) at the start of a fresh run.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>
    /// Next-token prediction, or BERT's masked tokens (an encoder), whose masks follow from <see cref="Seed"/> and the
    /// step's batch alone (<see cref="TokenMasking"/>). Must fit the model's attention (<see cref="TrainingObjectiveNames.Refusal"/>).
    /// </summary>
    public TrainingObjective Objective { get; init; } = TrainingObjective.CausalLanguageModel;

    public int EvalInterval { get; init; } = 200;

    /// <summary>Validation segments per evaluation; 0 evaluates the whole validation stream.</summary>
    public int EvalBatches { get; init; } = 20;

    public int CheckpointInterval { get; init; } = 500;

    /// <summary>
    /// Where the checkpoint and history go; null keeps none, for a training that is scored and dropped (the search's
    /// ranking of layouts): such a run cannot be resumed, and one cancelled returns without saving.
    /// </summary>
    public string? CheckpointDirectory { get; init; } = "checkpoints";

    public int LogInterval { get; init; } = 10;

    /// <summary>A checkpoint to continue from, or null for a fresh run.</summary>
    public string? ResumeFrom { get; init; }

    public string CheckpointPath => Path.Combine(CheckpointDirectory ?? throw new InvalidOperationException("This run keeps no checkpoint (CheckpointDirectory is null)."), CheckpointFileName);
}
