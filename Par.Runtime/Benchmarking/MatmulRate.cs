using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Benchmarking;

/// <summary>
/// This machine's fp32 matrix-multiply rate: a square <c>torch.mm</c> timed after warm-up, the median run kept. A
/// model's achieved FLOP rate is read against it (its roofline: a forward made of large products cannot beat it).
/// </summary>
public static class MatmulRate
{
    public const int DefaultSize = 1536;

    /// <summary>GFLOP/s of an <paramref name="size"/>-square product (<c>2·n³</c> operations) on <paramref name="device"/>.</summary>
    public static double MeasureGflops(int size = DefaultSize, int warmupRuns = 2, int runs = 9, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        device ??= CPU;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(0);
        var left = randn([size, size], generator: generator).to(device);
        var right = randn([size, size], generator: generator).to(device);
        return 2.0 * size * size * size / (TimingStatistics.Measure(() => left.mm(right), warmupRuns, runs).MedianMs * 1e6);
    }
}
