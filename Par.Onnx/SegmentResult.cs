using System;
using Microsoft.ML.OnnxRuntime;

namespace Par.Onnx;

/// <summary>
/// What one segment gives: its logits <c>[batch, length, vocab]</c> and the memory for the next segment. The logits
/// are read in place; the memory is the caller's once taken (<see cref="TakeMemory"/>), else disposed with this.
/// </summary>
public sealed class SegmentResult : IDisposable
{
    private readonly OrtValue logits;
    private ModelMemory? memory;
    private bool memoryTaken;

    internal SegmentResult(OrtValue logits, int batch, int length, int vocab, ModelMemory? memory)
    {
        this.logits = logits;
        this.memory = memory;
        Batch = batch;
        Length = length;
        Vocab = vocab;
    }

    public int Batch { get; }

    public int Length { get; }

    public int Vocab { get; }

    /// <summary>All logits, <c>[batch, length, vocab]</c> in row-major order.</summary>
    public ReadOnlySpan<float> Logits => logits.GetTensorDataAsSpan<float>();

    /// <summary>The logits that follow token <paramref name="position"/> of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> LogitsAt(int row, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Batch);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Length);
        return Logits.Slice(((row * Length) + position) * Vocab, Vocab);
    }

    /// <summary>
    /// The memory the next segment attends over (the last <c>memory</c> states of the old memory and this segment);
    /// null for a model without memory. The caller owns and disposes it, so it can be taken once.
    /// </summary>
    public ModelMemory? TakeMemory()
    {
        if (memoryTaken)
        {
            throw new InvalidOperationException("This segment's memory was already taken.");
        }

        memoryTaken = true;
        var taken = memory;
        memory = null;
        return taken;
    }

    public void Dispose()
    {
        logits.Dispose();
        memory?.Dispose();
    }
}
