using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Par.Dsl.Counting;
using Par.Dsl.Parsing;
using Par.Runtime.Benchmarking;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>
/// Where a forward's time goes against this machine's matmul rate: (sf)x16 at d_model 256, batch 8, context 256 on
/// the cached path; then one attention and one feed-forward block alone, and each matrix product they make at its own
/// shape, so the time outside the products (norms, softmax, shift, mask, copies) and the products' own shortfall
/// against a square product show apart.
/// </summary>
internal static class RooflineProfile
{
    private const int Batch = 8;
    private const int Runs = 7;

    public static void Run()
    {
        var definition = ParParser.Parse(Models.TransformerXLCpu.Layout, "roofline.par").Models[0] with
        {
            HyperParameters = Models.TransformerXLCpu.HyperParameters with { Context = 256 },
        };
        var hp = definition.HyperParameters;
        using var noGrad = no_grad();
        using var square = randn(MatmulRate.DefaultSize, MatmulRate.DefaultSize);
        var squareFlops = 2L * MatmulRate.DefaultSize * MatmulRate.DefaultSize * MatmulRate.DefaultSize;

        Console.WriteLine($"## Roofline of `{Models.TransformerXLCpu.Layout}` at d_model {hp.DModel}, batch {Batch}, context {hp.Context}, memory {hp.Memory}, cached attention ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine($"Each part is timed alternately with a {MatmulRate.DefaultSize}² fp32 product, {Runs} times; \"of matmul rate\" is the median of the paired ratios, so load from other processes falls on both.");
        Console.WriteLine();
        Console.WriteLine("| part | ms (median) | GFLOP | GFLOP/s | matmul GFLOP/s | of matmul rate |");
        Console.WriteLine("|---|---|---|---|---|---|");

        void Row(string part, long flops, Func<Tensor> run)
        {
            run().Dispose();
            var (partMs, squareMs, ratios) = (new List<double>(), new List<double>(), new List<double>());
            for (var index = 0; index < Runs; index++)
            {
                partMs.Add(Milliseconds(run));
                squareMs.Add(Milliseconds(() => square.mm(square)));
                ratios.Add((flops / partMs[^1]) / (squareFlops / squareMs[^1]));
            }

            var median = TimingStatistics.From(partMs).MedianMs;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture, "| {0} | {1:F2} | {2:F3} | {3:F1} | {4:F1} | {5:P0} |",
                part, median, flops / 1e9, flops / 1e6 / median, squareFlops / 1e6 / TimingStatistics.From(squareMs).MedianMs, TimingStatistics.From(ratios).MedianMs));
        }

        using var model = LayoutModel.Create(definition);
        model.eval();
        using var modelMemory = model.CreateMemory();
        using var tokens = randint(0, hp.Vocab, [Batch, hp.Context], dtype: int64, generator: new Generator(3));
        Row("whole forward", FlopCounter.Forward(definition, Batch, cachedAttention: true), () => model.forward(tokens, modelMemory));

        using var attention = new SelfAttentionBlock("attention", hp);
        using var feedForward = new FeedForwardBlock("feed_forward", hp);
        attention.eval();
        feedForward.eval();
        using var memory = new SegmentMemory(1, hp.Memory);
        using var hidden = randn(Batch, hp.Context, hp.DModel);
        Row("attention block", FlopCounter.SelfAttentionBlock(hp, Batch, cachedAttention: true), () => attention.forward(hidden, memory, 0));
        Row("feed-forward block", FlopCounter.FeedForwardBlock(hp, Batch), () => feedForward.forward(hidden));

        long rows = Batch * hp.Context, d = hp.DModel, keys = hp.Context + hp.Memory, heads = hp.Heads, width = hp.HeadWidth;
        var products = new List<(string Name, long[] Left, long[] Right)>
        {
            ("attention: qkv", [rows, d], [d, 3 * d]),
            ("attention: content scores", [Batch * heads, hp.Context, width], [Batch * heads, width, keys]),
            ("attention: position scores", [Batch * heads, hp.Context, width], [Batch * heads, width, keys]),
            ("attention: weighted values", [Batch * heads, hp.Context, keys], [Batch * heads, keys, width]),
            ("attention: output", [rows, d], [d, d]),
            ("feed-forward: expand", [rows, d], [d, hp.DFeedForward]),
            ("feed-forward: contract", [rows, hp.DFeedForward], [hp.DFeedForward, d]),
        };
        foreach (var (name, left, right) in products)
        {
            using var a = randn(left);
            using var b = randn(right);
            Row(name, 2 * left.Aggregate(1L, (x, y) => x * y) * right[^1], () => a.matmul(b));
        }
    }

    private static double Milliseconds(Func<Tensor> run)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalMilliseconds;
    }
}
