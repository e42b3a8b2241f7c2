using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Par.Onnx;

/// <summary>
/// The remembered states an xl model attends over: one <c>[batch, length, d_model]</c> float tensor per attention block,
/// in layer order, held natively so that a segment's new memory feeds the next segment without a copy. It owns its
/// tensors: dispose it, or hand it to nothing else once disposed.
/// </summary>
public sealed class ModelMemory : IDisposable
{
    internal ModelMemory(IReadOnlyList<OrtValue> slots, int batch, int length, int dModel)
    {
        Slots = slots;
        Batch = batch;
        Length = length;
        DModel = dModel;
    }

    /// <summary>One tensor per attention block, in layer order.</summary>
    public IReadOnlyList<OrtValue> Slots { get; }

    public int Batch { get; }

    /// <summary>Positions remembered (0 before the first segment).</summary>
    public int Length { get; }

    public int DModel { get; }

    /// <summary>The memory before a first segment: <paramref name="slots"/> tensors of <c>[batch, 0, d_model]</c>.</summary>
    public static ModelMemory Empty(int slots, int batch, int dModel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dModel, 1);
        var values = Enumerable.Range(0, slots)
            .Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, 0, dModel]))
            .ToArray();
        return new ModelMemory(values, batch, 0, dModel);
    }

    /// <summary>The states of slot <paramref name="slot"/>, <c>[batch, length, d_model]</c> in row-major order.</summary>
    public ReadOnlySpan<float> Slot(int slot) => Slots[slot].GetTensorDataAsSpan<float>();

    public void Dispose()
    {
        foreach (var slot in Slots)
        {
            slot.Dispose();
        }
    }
}
