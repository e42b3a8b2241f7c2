using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Par.Dsl.Parsing;
using Par.Runtime;
using Par.Runtime.Models;
using Par.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>
/// TorchSharp's implicit scalars against Par's held ones, beside a thread that collects garbage without pause: how many
/// operations each way completes in the time given before a freed scalar fails one (HeldScalars, AdamSteps).
/// </summary>
internal static class ScalarLifetime
{
    public static void Run(double seconds)
    {
        Console.WriteLine($"| operation ({seconds:0} s each, beside a thread that collects garbage) | completed | failed with |");
        Console.WriteLine("|---|---:|---|");
        using var x = randn(4, 8);
        using var y = randn(4, 8);
        Row("`x + y` (implicit alpha)", seconds, () => x + y);
        Row("`x.Plus(y)` (held alpha)", seconds, () => x.Plus(y));
        var (implicitOptimizer, implicitWeights) = Optimizer();
        Row("AdamW `step()`", seconds, () => Step(implicitWeights, () => implicitOptimizer.step()));
        var (heldOptimizer, heldWeights) = Optimizer();
        Row("AdamW `StepSafely()`", seconds, () => Step(heldWeights, () => heldOptimizer.StepSafely()));
        TrainingStepRow(seconds);
    }

    // Par's whole training step on an XL model with memory: forward, loss, backward, clip and StepSafely.
    private static void TrainingStepRow(double seconds)
    {
        const string text = "model Tiny {\n layout = (sf)x2\n d_model = 32\n heads = 2\n d_ff = 64\n vocab = 16\n context = 8\n memory = 8\n dropout = 0.1\n}";
        using var model = LayoutModel.Create(ParParser.Parse(text, "Tiny.par").Models[0]);
        using var memory = model.CreateMemory();
        var weights = model.parameters().ToList();
        using var optimizer = AdamWOptimizer.Create(weights, 1e-3, 0.01);
        using var tokens = randint(0, 16, [2, 9]);
        using var inputs = tokens.narrow(1, 0, 8);
        using var targets = tokens.narrow(1, 1, 8);
        Row("`(sf)x2` XL training step with `StepSafely()`", seconds, () =>
        {
            model.zero_grad();
            var logits = model.forward(inputs, memory);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, 16), targets.reshape(-1));
            loss.backward();
            nn.utils.clip_grad_norm_(weights, 1.0);
            optimizer.StepSafely();
            return loss;
        });
    }

    private static (AdamW Optimizer, List<Parameter> Weights) Optimizer()
    {
        var weights = new List<Parameter> { new(randn(4, 8)) };
        return (AdamWOptimizer.Create(weights, 1e-3, 0.01), weights);
    }

    private static Tensor Step(List<Parameter> weights, Action step)
    {
        weights[0].grad = weights[0].detach().sin();
        step();
        return weights[0];
    }

    private static void Row(string name, double seconds, Func<Tensor> operation)
    {
        var stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        long completed = 0;
        string failure = "—";
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using var scope = NewDisposeScope();
                operation();
                completed++;
            }
        }
        catch (Exception exception)
        {
            failure = exception.Message.Split('\n')[0].Trim();
        }

        Volatile.Write(ref stop, true);
        collector.Join();
        Console.WriteLine($"| {name} | {completed:N0} | {failure} |");
    }
}
