using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Search.Data;
using Par.Search.Derivation;
using Par.Search.Progress;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class DerivationInputsTests
{
    private static readonly LayerProbabilities[] Uniform = [.. Enumerable.Range(0, 4).Select(layer => ProbabilityRows.Row(layer, 0.4, 0.4, 0.2))];

    private static DerivationInputs Inputs(Supernet supernet, TokenStream training, TokenStream heldOut, SearchOptions options) => new()
    {
        Space = TinySearch.Space,
        Probabilities = Uniform,
        Supernet = supernet,
        WeightData = training,
        HeldOut = heldOut,
        Options = new DerivationOptions { Segments = 6 },
        SearchSteps = options.Steps,
        Recipe = options.TrainingRecipe(TinySearch.HyperParameters),
    };

    // Choice indices of [sf-]: 0 attention, 1 feed-forward, 2 identity.
    private static CandidateLayout Candidate(params int[] choices) =>
        new(choices.ToEquatableArray(), CandidateLayouts.LayoutOf([.. choices.Select(choice => TinySearch.Space.Layers[0].Candidates[choice])]), 0, null);

    private static (TokenStream Training, TokenStream HeldOut) Split()
    {
        var tokens = TinySearch.Tokens().Tokens.ToArray();
        return (new TokenStream(tokens[..3072]), new TokenStream(tokens[3072..]));
    }

    [Fact]
    public void An_inherited_score_is_evaluators_token_mean_which_equals_the_mean_of_equal_segments_means()
    {
        var (training, heldOut) = Split();
        random.manual_seed(3);
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), 3);
        var inputs = Inputs(supernet, training, heldOut, TinySearch.Options);
        var candidate = Candidate(0, 1, 2, 1);

        // The segment-by-segment mean of per-segment mean losses, memory carried: every segment holds batch × context tokens.
        var stream = new StreamBatcher(heldOut, TinySearch.Options.BatchSize, TinySearch.HyperParameters.Context);
        var sample = ArchitectureSample.OfPaths([0, 1, 2, 1]);
        using var memory = supernet.CreateMemory();
        var segmentMean = 0.0;
        supernet.eval();
        using (no_grad())
        {
            for (var segment = 0; segment < 6; segment++)
            {
                using var scope = NewDisposeScope();
                segmentMean += SegmentLoss.CrossEntropy(supernet, sample, SegmentLoss.Next(stream, memory, SegmentObjective.NextToken), memory, CPU).item<float>() / 6;
            }
        }

        var inherited = inputs.InheritedLoss(candidate);

        Assert.Equal(segmentMean, inherited, 5);
        Assert.Equal(inherited, inputs.InheritedLoss(candidate));
        Assert.NotEqual(inherited, inputs.InheritedLoss(Candidate(1, 1, 1, 1)));
    }

    [Fact]
    public void A_layout_trained_from_scratch_scores_the_same_every_time_and_better_the_longer_it_trains()
    {
        // A counting stream: each token is the one before plus one, which two feed-forward blocks learn in a few hundred steps.
        var counting = new TokenStream([.. Enumerable.Range(0, 4096).Select(index => index % TinySearch.HyperParameters.Vocab)]);
        var options = TinySearch.Options with { WeightLearningRate = 1e-2, BatchSize = 4 };
        random.manual_seed(3);
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), 3);
        var inputs = Inputs(supernet, counting, counting, options);
        var candidate = Candidate(1, 1, 2, 2);

        var once = inputs.TrainedLoss(candidate, steps: 200);
        var again = inputs.TrainedLoss(candidate, steps: 200);
        var barely = inputs.TrainedLoss(candidate, steps: 2);

        Assert.Equal(once, again);
        Assert.True(once < barely / 2, $"{once} after 200 steps, {barely} after 2");
    }
}
