using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Memory;

/// <summary>
/// What an <c>xl</c> attention block derives from its slot of a <see cref="SegmentMemory"/> during inference, so that
/// it is not projected again every segment: the keys and values of the remembered positions, <c>[B, H, M, d/H]</c>
/// (the same positions as the slot's hidden states), and the projected relative position keys for one key length.
/// </summary>
/// <remarks>
/// Both depend on the block's weights, so the block uses them only in eval mode without gradient, a forward that
/// recomputes (training, or gradients on) clears them, and so does <see cref="ClaimFor"/> once the block has been in
/// training mode since they were made. The tensors are detached from autograd and from every
/// dispose scope; the owning memory releases them.
/// </remarks>
internal sealed class AttentionCache : IDisposable
{
    private Tensor? positionKeys;
    private long positionKeyLength = -1;
    private object? owner;
    private long ownerWeightsVersion;

    /// <summary>Keys of the remembered positions, or null when they were not projected (then they are rebuilt from the hidden states).</summary>
    public Tensor? Keys { get; private set; }

    /// <summary>Values of the remembered positions, null exactly when <see cref="Keys"/> is.</summary>
    public Tensor? Values { get; private set; }

    /// <summary>
    /// Clears the cache unless <paramref name="block"/> filled it at <paramref name="weightsVersion"/> (a count the block
    /// raises whenever its weights may have changed), then records them as the cache's owner.
    /// </summary>
    public AttentionCache ClaimFor(object block, long weightsVersion)
    {
        if (!ReferenceEquals(owner, block) || ownerWeightsVersion != weightsVersion)
        {
            Clear();
            (owner, ownerWeightsVersion) = (block, weightsVersion);
        }

        return this;
    }

    /// <summary>
    /// The projected relative position keys for <paramref name="keyLength"/> keys: the cached ones when the length is
    /// the last one asked for, else <paramref name="project"/>'s, kept in their place. The cache owns the result.
    /// </summary>
    public Tensor PositionKeys(long keyLength, Func<long, Tensor> project)
    {
        if (positionKeys is null || positionKeyLength != keyLength)
        {
            using var scope = NewDisposeScope();
            var projected = project(keyLength).contiguous().detach().DetachFromDisposeScope();
            positionKeys?.Dispose();
            (positionKeys, positionKeyLength) = (projected, keyLength);
        }

        return positionKeys;
    }

    /// <summary>Keeps the last <paramref name="length"/> positions of <paramref name="keys"/> and <paramref name="values"/> (<c>[B, H, L, d/H]</c>).</summary>
    public void Remember(Tensor keys, Tensor values, long length)
    {
        Tensor keptKeys, keptValues;
        using (NewDisposeScope())
        {
            keptKeys = LastPositions(keys, length).DetachFromDisposeScope();
            keptValues = LastPositions(values, length).DetachFromDisposeScope();
        }

        ForgetKeys();
        (Keys, Values) = (keptKeys, keptValues);
    }

    /// <summary>Keeps only the last <paramref name="length"/> remembered keys and values.</summary>
    public void Shorten(long length)
    {
        if (Keys is not null && Keys.shape[2] > length)
        {
            Remember(Keys, Values!, length);
        }
    }

    /// <summary>Forgets the remembered keys and values, keeping the position keys (the memory's positions changed, not the weights).</summary>
    public void ForgetKeys()
    {
        Keys?.Dispose();
        Values?.Dispose();
        (Keys, Values) = (null, null);
    }

    /// <summary>Forgets everything, e.g. when the weights may have changed.</summary>
    public void Clear()
    {
        ForgetKeys();
        positionKeys?.Dispose();
        (positionKeys, positionKeyLength) = (null, -1);
    }

    public void Dispose() => Clear();

    private static Tensor LastPositions(Tensor perHead, long length)
    {
        var keep = Math.Min(length, perHead.shape[2]);
        return perHead.detach().narrow(2, perHead.shape[2] - keep, keep);
    }
}
