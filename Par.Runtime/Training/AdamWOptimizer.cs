using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// AdamW (decoupled weight decay) with its moment tensors held explicitly and named after the
/// parameters, so a checkpoint saves and restores them bit for bit and a resumed run continues exactly.
/// Weight decay applies to parameters with two or more dimensions (not biases, norms or logits).
/// </summary>
public sealed class AdamWOptimizer : IDisposable
{
    private readonly Slot[] slots;
    private readonly double weightDecay;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;

    public AdamWOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        slots = parameters
            .Where(named => named.Parameter.requires_grad)
            .Select(named => new Slot(
                named.Name,
                named.Parameter,
                zeros_like(named.Parameter).DetachFromDisposeScope(),
                zeros_like(named.Parameter).DetachFromDisposeScope(),
                Decays(named.Parameter)))
            .ToArray();
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /// <summary>
    /// Whether decoupled weight decay applies to <paramref name="parameter"/>: matrices (weights, embeddings) decay;
    /// biases, norm gains and architecture logits, whose size is not what overfits, do not. The search's supernet
    /// optimiser follows the same rule.
    /// </summary>
    public static bool Decays(Parameter parameter) => parameter.dim() >= 2;

    /// <summary>Updates made so far (drives the bias correction).</summary>
    public long StepCount { get; private set; }

    public IEnumerable<Parameter> Parameters => slots.Select(slot => slot.Parameter);

    /// <summary>One update with learning rate <paramref name="learningRate"/>; parameters without a gradient are skipped.</summary>
    public void Step(double learningRate)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        StepCount++;
        var correction1 = 1 - Math.Pow(beta1, StepCount);
        var correction2 = 1 - Math.Pow(beta2, StepCount);
        foreach (var slot in slots)
        {
            var gradient = slot.Parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (slot.Decays)
            {
                slot.Parameter.mul_(1 - learningRate * weightDecay);
            }

            slot.ExpAvg.mul_(beta1).add_(gradient, alpha: 1 - beta1);
            slot.ExpAvgSq.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
            var denominator = slot.ExpAvgSq.sqrt().div_(Math.Sqrt(correction2)).add_(epsilon);
            slot.Parameter.addcdiv_(slot.ExpAvg, denominator, value: -learningRate / correction1);
        }
    }

    /// <summary>The moments keyed <c>exp_avg.&lt;parameter&gt;</c> and <c>exp_avg_sq.&lt;parameter&gt;</c> (live tensors, not copies).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var slot in slots)
        {
            state[$"exp_avg.{slot.Name}"] = slot.ExpAvg;
            state[$"exp_avg_sq.{slot.Name}"] = slot.ExpAvgSq;
        }

        return state;
    }

    /// <summary>Copies moments saved by <see cref="StateDict"/> back in and sets the step count.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        using var noGrad = no_grad();
        foreach (var slot in slots)
        {
            slot.ExpAvg.copy_(state[$"exp_avg.{slot.Name}"]);
            slot.ExpAvgSq.copy_(state[$"exp_avg_sq.{slot.Name}"]);
        }

        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (var slot in slots)
        {
            slot.ExpAvg.Dispose();
            slot.ExpAvgSq.Dispose();
        }
    }

    private sealed record Slot(string Name, Parameter Parameter, Tensor ExpAvg, Tensor ExpAvgSq, bool Decays);
}
