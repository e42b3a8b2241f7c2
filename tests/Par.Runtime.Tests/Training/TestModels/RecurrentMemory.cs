using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training.TestModels;

/// <summary>The hidden state a <see cref="TinyRecurrentModel"/> carries between segments, owned outside any dispose scope.</summary>
public sealed class RecurrentMemory : IDisposable
{
    public const string HiddenKey = "hidden";

    public Tensor? Hidden { get; private set; }

    public void Replace(Tensor hidden)
    {
        Hidden?.Dispose();
        Hidden = hidden.detach().clone().DetachFromDisposeScope();
    }

    public IReadOnlyDictionary<string, Tensor> Save() =>
        Hidden is null ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor> { [HiddenKey] = Hidden };

    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        if (state.TryGetValue(HiddenKey, out var hidden))
        {
            Replace(hidden);
        }
    }

    public void Dispose() => Hidden?.Dispose();
}
