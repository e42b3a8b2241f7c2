using System;
using System.Collections.Generic;
using Par.Runtime.Data;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Everything needed to continue a run exactly: weights, AdamW moments and step count, torch's
/// generator state (dropout), the batcher position, the segment memory, the tokenizer and the settings the run was
/// started with (<see cref="TrainingRunSettings"/>: the model's <c>.par</c> text, the data, seed and shape). Stored by <see cref="CheckpointFile"/>. Tensors are owned by whoever
/// loaded the checkpoint (<see cref="Dispose"/>) — when saving, the caller's live tensors are only read.
/// </summary>
public sealed record TrainingCheckpoint(
    int Step,
    long OptimizerStepCount,
    long BatcherPosition,
    byte[] TorchRngState,
    TokenizerDescription Tokenizer,
    TrainingRunSettings Settings,
    IReadOnlyList<TrainingRecord> History,
    IReadOnlyDictionary<string, Tensor> ModelState,
    IReadOnlyDictionary<string, Tensor> OptimizerState,
    IReadOnlyDictionary<string, Tensor>? MemoryState) : IDisposable
{
    /// <summary>The <c>.par</c> text of the model trained.</summary>
    public string ParText => Settings.ParText;

    public void Dispose()
    {
        foreach (var tensor in ModelState.Values)
        {
            tensor.Dispose();
        }

        foreach (var tensor in OptimizerState.Values)
        {
            tensor.Dispose();
        }

        foreach (var tensor in MemoryState?.Values ?? Array.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }
}
