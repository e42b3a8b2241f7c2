using System;
using TorchSharp;

namespace Par.Runtime.Data;

/// <summary>
/// One step of a <see cref="StreamBatcher"/>: inputs and next-token targets, both <c>[batch, context]</c> int64,
/// and, when the stream has one, the recall mask of the targets (<c>[batch, context]</c> bool).
/// The tensors belong to the caller's dispose scope.
/// </summary>
public sealed record Segment(torch.Tensor Inputs, torch.Tensor Targets, torch.Tensor? RecallMask, long Index, bool StartsPass) : IDisposable
{
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        RecallMask?.Dispose();
    }
}
