using System;
using Par.Runtime.Memory;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Memory;

public class SegmentMemoryTests
{
    [Fact]
    public void Copy_from_takes_every_slot_as_an_independent_copy()
    {
        using var source = new SegmentMemory(2, 4);
        using var hidden = ones(1, 3, 2);
        source.Update(0, hidden);
        using var copy = new SegmentMemory(2, 4);
        using var stale = zeros(1, 4, 2);
        copy.Update(1, stale);

        copy.CopyFrom(source);
        using var more = full(new long[] { 1, 1, 2 }, 5f);
        source.Update(0, more);

        Assert.True(copy[0]!.allclose(hidden), "slot 0 is the source's states as they were");
        Assert.Null(copy[1]);
        Assert.Equal(new long[] { 1, 4, 2 }, source[0]!.shape);
    }

    [Fact]
    public void Copy_from_a_memory_of_another_shape_is_refused()
    {
        using var source = new SegmentMemory(2, 4);
        using var other = new SegmentMemory(3, 4);

        var error = Assert.Throws<ArgumentException>(() => other.CopyFrom(source));
        Assert.Contains("2 slots x 4", error.Message);
    }

    [Fact]
    public void A_state_dict_round_trips_and_an_unknown_slot_is_bad_data()
    {
        using var memory = new SegmentMemory(3, 4);
        using var hidden = arange(6f).reshape(1, 3, 2);
        memory.Update(2, hidden);

        using var restored = new SegmentMemory(3, 4);
        restored.LoadStateDict(memory.StateDict());

        Assert.Equal(new[] { "slot_2" }, memory.StateDict().Keys);
        Assert.Null(restored[0]);
        Assert.True(restored[2]!.allclose(hidden));
        using var small = new SegmentMemory(2, 4);
        var error = Assert.Throws<System.IO.InvalidDataException>(() => small.LoadStateDict(memory.StateDict()));
        Assert.Contains("slot_2", error.Message);
    }

    [Fact]
    public void Shorten_keeps_the_last_positions_of_the_states_and_of_their_cached_keys()
    {
        using var memory = new SegmentMemory(1, 6);
        using var hidden = arange(10f).reshape(1, 5, 2);
        using var keys = arange(20f).reshape(1, 2, 5, 2);
        memory.Update(0, hidden, keys, keys);

        memory.Shorten(2);

        Assert.True(memory[0]!.allclose(hidden.narrow(1, 3, 2)));
        Assert.True(memory.CacheOf(0)!.Keys!.allclose(keys.narrow(2, 3, 2)));
        Assert.Equal(new long[] { 1, 2, 2, 2 }, memory.CacheOf(0)!.Values!.shape);
    }

    [Fact]
    public void States_written_without_keys_clear_the_cache_and_a_memory_may_cache_nothing()
    {
        using var memory = new SegmentMemory(1, 4);
        using var hidden = ones(1, 3, 2);
        using var keys = ones(1, 2, 3, 2);
        memory.Update(0, hidden, keys, keys);
        Assert.Equal(12f, memory.CacheOf(0)!.PositionKeys(3, length => ones(2, 2, length)).sum().item<float>());

        memory.Update(0, hidden);

        // Cleared, so the position keys are projected again (here by a projection that gives zeros).
        Assert.Null(memory.CacheOf(0)!.Keys);
        Assert.Equal(0f, memory.CacheOf(0)!.PositionKeys(3, length => zeros(2, 2, length)).sum().item<float>());
        using var uncached = new SegmentMemory(1, 4, cacheAttention: false);
        Assert.False(uncached.CachesAttention);
        Assert.Null(uncached.CacheOf(0));
    }
}
