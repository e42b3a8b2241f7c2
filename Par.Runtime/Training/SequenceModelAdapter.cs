using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The seam between training/evaluation and a language model. It holds the module (for parameters,
/// state_dict and train/eval mode) and delegates for a memory-aware forward, so any model plugs in:
/// for a Par model, <c>new SequenceModelAdapter(model, (tokens, memory) =&gt; model.forward(tokens, (SegmentMemory?)memory), model.CreateMemory)</c>.
/// <para>
/// Memory contract: <see cref="CreateMemory"/> returns a fresh, empty memory (or null for models without one);
/// <see cref="Forward"/> reads it and replaces its contents with detached tensors from this segment.
/// Those tensors must survive the caller's per-step dispose scope (<c>DetachFromDisposeScope</c>) and are
/// disposed by the memory itself when replaced or when the memory is disposed.
/// For an exact resume, <see cref="SaveMemory"/> and <see cref="LoadMemory"/> expose the memory's tensors
/// by name; without them a resumed run starts from an empty memory.
/// </para>
/// </summary>
public sealed class SequenceModelAdapter
{
    public SequenceModelAdapter(nn.Module module, Func<Tensor, IDisposable?, Tensor> forward, Func<IDisposable?>? createMemory = null)
    {
        Module = module;
        Forward = forward;
        CreateMemory = createMemory ?? (() => null);
    }

    /// <summary>The model: parameters, state_dict keys and train/eval mode.</summary>
    public nn.Module Module { get; }

    /// <summary>tokens <c>[B, T]</c> int64 and the memory from <see cref="CreateMemory"/> → logits <c>[B, T, V]</c>.</summary>
    public Func<Tensor, IDisposable?, Tensor> Forward { get; }

    /// <summary>A fresh memory for a new pass over a stream; null when the model keeps none.</summary>
    public Func<IDisposable?> CreateMemory { get; }

    /// <summary>The memory's tensors by name, for checkpoints; null when the memory cannot be saved.</summary>
    public Func<IDisposable, IReadOnlyDictionary<string, Tensor>>? SaveMemory { get; init; }

    /// <summary>Restores tensors given by <see cref="SaveMemory"/> into a fresh memory (copying them).</summary>
    public Action<IDisposable, IReadOnlyDictionary<string, Tensor>>? LoadMemory { get; init; }
}
