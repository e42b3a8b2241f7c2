using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The AdamW of <c>par train</c> and of the search's supernet weights: torch's AdamW with two parameter groups, nanoGPT
/// style. Matrices (weights, embeddings) take the decoupled weight decay; biases, norm gains and architecture logits,
/// whose size is not what overfits, do not. torch counts steps per parameter, so a step that leaves a parameter without
/// a gradient (a block a single-path search step did not run) leaves it and its moments untouched.
/// </summary>
public static class AdamWOptimizer
{
    /// <summary>Whether decoupled weight decay applies to <paramref name="parameter"/>: only to matrices.</summary>
    public static bool Decays(Parameter parameter) => parameter.dim() >= 2;

    /// <summary>
    /// AdamW over <paramref name="parameters"/> (β 0.9 and 0.999, ε 1e-8): the decaying group first, then the rest, each
    /// group in the order given; an empty group is left out.
    /// </summary>
    public static AdamW Create(IReadOnlyCollection<Parameter> parameters, double learningRate, double weightDecay)
    {
        AdamW.ParamGroup Group(bool decays) => new(
            parameters.Where(parameter => Decays(parameter) == decays).ToList(),
            lr: learningRate,
            weight_decay: decays ? weightDecay : 0);

        var groups = new[] { Group(decays: true), Group(decays: false) }.Where(group => group.Parameters.Any()).ToList();
        return optim.AdamW(groups, learningRate);
    }

    /// <summary>Sets the learning rate of every group of <paramref name="optimizer"/>, for the step about to be taken.</summary>
    public static void SetLearningRate(this optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
