using System.Linq;
using Par.Bench.Experiments.DerivationPipeline;
using Par.Runtime.Data;
using Par.Search.Derivation;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Tests;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Bench.Tests;

public sealed class FineTunedRankingTests
{
    [Fact]
    public void The_fine_tuned_candidates_come_first_by_their_new_loss_and_the_supernet_gets_its_weights_back()
    {
        var space = TinySearch.Space;
        // Enough steps at a high enough rate for the tiny net to learn the repeats (at 40 it had not): the untrained supernet is at chance.
        var options = TinySearch.Options with { WeightLearningRate = 1e-2 };
        TorchSharp.torch.random.manual_seed(options.Seed); // the weights' initialisation draws from torch's global generator
        using var supernet = Supernet.Create(space.ToSupernetModel(), options.Seed);
        var tokens = TinySearch.Tokens();
        LayerProbabilities[] probabilities = [.. Enumerable.Range(0, space.LayerCount).Select(index => Row(index, 0.4, 0.4, 0.2))];
        var inputs = new DerivationInputs
        {
            Space = space,
            Probabilities = probabilities,
            Supernet = supernet,
            WeightData = new TokenStream(tokens.Tokens.ToArray()[..2048]),
            HeldOut = new TokenStream(tokens.Tokens.ToArray()[2048..]),
            Options = new DerivationOptions { Segments = 2 },
            SearchSteps = options.Steps,
            Recipe = options.TrainingRecipe(TinySearch.HyperParameters),
        };
        ScoredCandidate Scored(int[] choices)
        {
            var candidate = CandidateLayouts.Of(space, probabilities, choices, table: null)!;
            return new ScoredCandidate(candidate, inputs.InheritedLoss(candidate));
        }

        ScoredCandidate[] scored = [Scored([0, 1, 1, 1]), Scored([1, 0, 1, 2]), Scored([1, 1, 1, 1])];

        var (reranked, losses) = FineTunedRanking.Rerank(inputs, new PipelineOptions { FineTuneSteps = 200, FineTuned = 2 }, scored);

        Assert.Equal(2, losses.Count);
        Assert.Same(scored[2], reranked[2]);
        Assert.True(losses[reranked[0]] <= losses[reranked[1]]);
        Assert.All(reranked.Take(2), entry => Assert.True(losses[entry] < entry.HeldOutLoss, $"{losses[entry]} after fine-tuning, {entry.HeldOutLoss} before"));

        // Scored again afterwards, every candidate gets its inherited loss: the fine-tunes left no trace.
        Assert.All(scored, entry => Assert.Equal(entry.HeldOutLoss, inputs.InheritedLoss(entry.Candidate)));
    }
}
