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
/// The tensors are detached from autograd (no gradient flows into earlier segments) and from every
/// dispose scope, so they outlive the forward that produced them. This object owns them: callers must not
/// dispose what the indexer returns; <see cref="Reset"/> and <see cref="Dispose"/> release them.
/// </remarks>
public sealed class SegmentMemory : IDisposable
{
    private const string SlotPrefix = "slot_";

    private readonly Tensor?[] states;
    private bool disposed;

    public SegmentMemory(int slots, int length)
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
        Length = length;
    }

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

    /// <summary>
    /// Appends <paramref name="hidden"/> (<c>[B, T, d]</c>) to the slot's states and keeps the last
    /// <see cref="Length"/> positions, detached.
    /// </summary>
    public void Update(int slot, Tensor hidden)
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
