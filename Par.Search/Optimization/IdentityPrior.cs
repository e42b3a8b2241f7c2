using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using static TorchSharp.torch;

namespace Par.Search.Optimization;

/// <summary>
/// The identity prior of <see cref="SearchOptions.IdentityPenalty"/>: the mean of softmax(θ)[identity] over the mixed
/// layers that have identity as a candidate, differentiable in the logits. Differentiable searches drift to skip
/// connections because a skip is always a safe bet for a supernet whose blocks are still half-trained (DARTS'
/// collapse); a cost on the identity's probability counters that drift without touching the other candidates' order.
/// </summary>
internal static class IdentityPrior
{
    public static Tensor MeanIdentityProbability(IReadOnlyList<MixedLayer> layers)
    {
        var terms = new List<Tensor>();
        foreach (var layer in layers)
        {
            var index = layer.Candidates.ToList().IndexOf(BlockKind.Identity);
            if (index >= 0)
            {
                terms.Add(layer.Logits.softmax(0)[index]);
            }
        }

        return terms.Count == 0 ? tensor(0f) : stack(terms).mean();
    }
}
