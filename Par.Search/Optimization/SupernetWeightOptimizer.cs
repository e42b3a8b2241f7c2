using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search.Optimization;

/// <summary>
/// The optimiser of the supernet's weights: torch's AdamW, whose per-parameter step counts suit single-path steps that
/// leave most blocks without a gradient, with <c>par train</c>'s decay rule (<see cref="AdamWOptimizer.Decays"/>):
/// matrices decay, biases and norm gains do not, so a block is regularised the same way in the search and in training.
/// </summary>
public static class SupernetWeightOptimizer
{
    public static AdamW Create(IReadOnlyCollection<Parameter> weights, double learningRate, double weightDecay)
    {
        AdamW.ParamGroup Group(bool decays) => new(
            weights.Where(weight => AdamWOptimizer.Decays(weight) == decays).ToList(),
            lr: learningRate,
            weight_decay: decays ? weightDecay : 0);

        var groups = new[] { Group(decays: true), Group(decays: false) }.Where(group => group.Parameters.Any()).ToList();
        return optim.AdamW(groups, learningRate);
    }
}
