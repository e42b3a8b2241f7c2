using System;
using System.Collections.Generic;
using System.Globalization;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>
/// Table 2: a generated straight-line model against the hand-written ModuleList loop holding the same
/// weights. Both must compute the same logits; the generated one should be no slower (ratio ≤ 1.02).
/// </summary>
internal static class CodegenComparison
{
    public static void Run(BenchmarkOptions options, int rounds)
    {
        Console.WriteLine($"## Generated straight-line model vs hand-written ModuleList loop ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| model | layout | generated ms | ModuleList ms | ratio | max abs logit diff |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Compare(Models.ParCpu.Create(), options, rounds);
        Compare(Models.TransformerXLCpu.Create(), options, rounds);
    }

    private static void Compare(IParLanguageModel generated, BenchmarkOptions options, int rounds)
    {
        using var generatedModule = generated.AsModule();
        var definition = Par.Dsl.Parsing.ParParser.Parse(generated.Layout, generated.Name + ".par").Models[0];
        using var reference = new ModuleListReferenceModel(generated.Name, generated.Layout, definition.Layout, generated.HyperParameters);
        reference.CopyWeightsFrom(generatedModule);

        var difference = MaxLogitDifference(generated, reference);
        var timings = LatencyComparison.Measure(new List<IParLanguageModel> { generated, reference }, options, rounds);
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "| {0} | `{1}` | {2:F2} | {3:F2} | {4:F3} | {5:E1} |",
            generated.Name, generated.Layout, timings[0].MedianMs, timings[1].MedianMs, timings[0].MedianMs / timings[1].MedianMs, difference));
    }

    private static double MaxLogitDifference(IParLanguageModel first, IParLanguageModel second)
    {
        first.AsModule().eval();
        second.AsModule().eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var hp = first.HyperParameters;
        var tokens = randint(0, hp.Vocab, [1, hp.Context], dtype: int64, generator: new Generator(7));
        return (first.forward(tokens) - second.forward(tokens)).abs().max().item<float>();
    }
}
