using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Memory;

/// <summary>
/// Transformer-XL's segment-level memory: per attention slot, the hidden states that entered that
/// attention block during earlier segments, <c>[B, M, d]</c> with <c>M ≤ Length</c>.
/// </summary>
/// <remarks>
/// <para>
/// The tensors are detached from autograd (no gradient flows into earlier segments) and from every
/// dispose scope, so they outlive the forward that produced them. This object owns them: callers must not
/// dispose what the indexer returns; <see cref="Reset"/> and <see cref="Dispose"/> release them.
/// </para>
/// <para>
/// A memory that caches attention (the default) also keeps, per slot, an <see cref="AttentionCache"/>: in eval mode
/// without gradient an <c>xl</c> attention block stores there the keys and values of the remembered positions and its
/// projected relative position keys, and projects only the new segment. A forward that recomputes (training mode or
/// gradients on) clears the slot's cache, so training sees today's keys, projected with the current weights. The
/// cache assumes the weights do not change between two eval-mode forwards on this memory: after loading other weights
/// in eval mode, <see cref="Reset"/> it.
/// </para>
/// </remarks>
public sealed class SegmentMemory : IDisposable
{
    private const string SlotPrefix = "slot_";

    private readonly Tensor?[] states;
    private readonly AttentionCache[]? caches;
    private bool disposed;

    /// <param name="slots">Attention slots.</param>
    /// <param name="length">Most positions kept per slot.</param>
    /// <param name="cacheAttention">Whether eval-mode forwards without gradient keep each slot's projected keys and values
    /// (false: every forward projects the whole memory again, as training does).</param>
    public SegmentMemory(int slots, int length, bool cacheAttention = true)
    {
        if (slots < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The slot count cannot be negative.");
        }

        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The memory length cannot be negative.");
        }

        states = new Tensor?[slots];
        caches = cacheAttention ? Enumerable.Range(0, slots).Select(_ => new AttentionCache()).ToArray() : null;
        Length = length;
    }

    /// <summary>Whether attention blocks keep their projected keys and values here during inference.</summary>
    public bool CachesAttention => caches is not null;

    /// <summary>Number of attention slots.</summary>
    public int SlotCount => states.Length;

    /// <summary>Most positions kept per slot.</summary>
    public int Length { get; }

    /// <summary>The remembered states of <paramref name="slot"/>, or null before the first segment.</summary>
    public Tensor? this[int slot]
    {
        get
        {
            ThrowIfDisposed();
            return states[slot];
        }
    }

    /// <summary>The slot's inference cache, or null when this memory does not cache attention.</summary>
    internal AttentionCache? CacheOf(int slot)
    {
        ThrowIfDisposed();
        return caches?[slot];
    }

    /// <summary>
    /// Appends <paramref name="hidden"/> (<c>[B, T, d]</c>) to the slot's states and keeps the last
    /// <see cref="Length"/> positions, detached. The slot's attention cache is cleared: nothing says its keys
    /// were projected with the weights that will read them.
    /// </summary>
    public void Update(int slot, Tensor hidden)
    {
        Append(slot, hidden);
        caches?[slot].Clear();
    }

    /// <summary>
    /// Like <see cref="Update(int, Tensor)"/>, and keeps <paramref name="keys"/> and <paramref name="values"/>
    /// (<c>[B, H, M + T, d/H]</c>: the remembered positions' then the segment's) for the same last positions.
    /// </summary>
    internal void Update(int slot, Tensor hidden, Tensor keys, Tensor values)
    {
        Append(slot, hidden);
        caches?[slot].Remember(keys, values, Length);
    }

    /// <summary>
    /// Keeps only the last <paramref name="length"/> positions of every slot (and of their cached keys), e.g. at a
    /// segment boundary of a memory sized to hold a segment in the making besides the remembered states.
    /// </summary>
    public void Shorten(int length)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        for (var slot = 0; slot < states.Length; slot++)
        {
            if (states[slot] is { } previous && previous.shape[1] > length)
            {
                states[slot] = previous.narrow(1, previous.shape[1] - length, length).DetachFromDisposeScope();
                previous.Dispose();
            }

            caches?[slot].Shorten(length);
        }
    }

    private void Append(int slot, Tensor hidden)
    {
        ThrowIfDisposed();
        if (Length == 0)
        {
            return;
        }

        var previous = states[slot];
        if (previous is not null && previous.shape[0] != hidden.shape[0])
        {
            throw new InvalidOperationException(
                $"Memory slot {slot} holds a batch of {previous.shape[0]} but the segment has {hidden.shape[0]}; call Reset() between streams.");
        }

        Tensor kept;
        using (NewDisposeScope())
        {
            var current = hidden.detach();
            var combined = previous is null ? current : cat(new[] { previous, current }, 1);
            var keep = Math.Min(Length, combined.shape[1]);
            kept = combined.narrow(1, combined.shape[1] - keep, keep).DetachFromDisposeScope();
        }

        // Disposing drops only this handle; an autograd graph that still reads the old states keeps its own reference.
        previous?.Dispose();
        states[slot] = kept;
    }

    /// <summary>
    /// Replaces every slot from <paramref name="firstSlot"/> on with a copy of <paramref name="source"/>'s, so several
    /// passes can start from the same remembered states (e.g. sampled sub-networks compared on one segment).
    /// </summary>
    public void CopyFrom(SegmentMemory source, int firstSlot = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ThrowIfDisposed();
        source.ThrowIfDisposed();
        if (source.SlotCount != SlotCount || source.Length != Length)
        {
            throw new ArgumentException($"Cannot copy a memory of {source.SlotCount} slots x {source.Length} into one of {SlotCount} x {Length}.", nameof(source));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(firstSlot);
        for (var slot = firstSlot; slot < states.Length; slot++)
        {
            var copy = source.states[slot]?.detach().clone().DetachFromDisposeScope();
            states[slot]?.Dispose();
            states[slot] = copy;
            caches?[slot].ForgetKeys();
        }
    }

    /// <summary>The remembered states keyed <c>slot_N</c> (live tensors, not copies), for checkpoints; empty slots are left out.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        ThrowIfDisposed();
        return Enumerable.Range(0, states.Length)
            .Where(slot => states[slot] is not null)
            .ToDictionary(slot => SlotPrefix + slot.ToString(CultureInfo.InvariantCulture), slot => states[slot]!);
    }

    /// <summary>Forgets every slot, then takes the states of <paramref name="state"/> (from <see cref="StateDict"/>) onto <paramref name="device"/>.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        Reset();
        foreach (var (name, tensor) in state)
        {
            if (!name.StartsWith(SlotPrefix, StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(SlotPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
                || slot >= states.Length)
            {
                throw new InvalidDataException($"Saved memory has an entry '{name}', but this memory has slots slot_0 to slot_{states.Length - 1}.");
            }

            // A copy made for another device is disposed with the scope; Update keeps its own detached view.
            using (NewDisposeScope())
            {
                Update(slot, device is null ? tensor : tensor.to(device));
            }
        }
    }

    /// <summary>Forgets every slot, e.g. between independent streams or evaluation passes.</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        for (var slot = 0; slot < states.Length; slot++)
        {
            states[slot]?.Dispose();
            states[slot] = null;
            caches?[slot].Clear();
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        Reset();
        disposed = true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
