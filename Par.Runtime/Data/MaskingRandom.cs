namespace Par.Runtime.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a small generator whose whole state is one number, so the masks of a batch
/// follow from the seed and the batch's index alone: no generator state to checkpoint, the same masks on every device,
/// and torch's own generator (dropout) is left exactly as a causal run leaves it.
/// </summary>
internal struct MaskingRandom
{
    private ulong state;

    public MaskingRandom(long seed, long stream)
    {
        state = (ulong)seed;
        state = Next() ^ (ulong)stream;
    }

    public ulong Next()
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)(NextDouble() * count);
}
