using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Search.Optimization;
using Par.Search.Space;

namespace Par.Search.Tests;

/// <summary>The two remedies against collapse to identity that change the search itself: a space without identity, and an identity prior.</summary>
public sealed class CollapseRemediesTests
{
    [Fact]
    public void A_search_of_sf_layers_keeps_every_layer()
    {
        var space = SearchSpace.Uniform("Deep", 4, TinySearch.HyperParameters, [BlockKind.SelfAttention, BlockKind.FeedForward]);

        var result = new ArchitectureSearch(space, TinySearch.Options).Run(TinySearch.Tokens());

        Assert.Equal(4, result.Found.LayerCount);
        Assert.All(result.FinalProbabilities, layer => Assert.Equal(0, layer.Of(BlockKind.Identity)));
    }

    [Fact]
    public void A_space_of_one_candidate_is_no_search()
    {
        Assert.Throws<System.ArgumentException>(() => SearchSpace.Uniform("Flat", 4, TinySearch.HyperParameters, [BlockKind.FeedForward]));
    }

    [Fact]
    public void The_identity_prior_averages_over_the_layers_that_may_vanish_and_pushes_identity_down()
    {
        using var withIdentity = new MixedLayer("a", SearchSpace.PaperCandidates, TinySearch.HyperParameters);
        using var withoutIdentity = new MixedLayer("b", [BlockKind.SelfAttention, BlockKind.FeedForward], TinySearch.HyperParameters);

        using var prior = IdentityPrior.MeanIdentityProbability([withIdentity, withoutIdentity]);
        prior.backward();

        Assert.Equal(1 / 3f, prior.item<float>(), 5);
        var gradient = withIdentity.Logits.grad!.data<float>().ToArray(); // s, f, -
        Assert.True(gradient[2] > 0 && gradient[0] < 0 && gradient[1] < 0, string.Join(", ", gradient));
        Assert.Null(withoutIdentity.Logits.grad);
    }

    [Fact]
    public void An_identity_penalty_lowers_the_final_identity_probabilities()
    {
        var plain = new ArchitectureSearch(TinySearch.Space, TinySearch.Options).Run(TinySearch.Tokens());
        var penalised = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { IdentityPenalty = 5 }).Run(TinySearch.Tokens());

        double MeanIdentity(SearchResult result) => result.FinalProbabilities.Average(layer => layer.Of(BlockKind.Identity));
        Assert.True(MeanIdentity(penalised) < MeanIdentity(plain), $"identity {MeanIdentity(penalised)} with the prior against {MeanIdentity(plain)} without");
    }

    [Fact]
    public void Single_path_reinforce_refuses_an_identity_penalty()
    {
        Assert.Throws<System.ArgumentException>(() => new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { IdentityPenalty = 1, Sampling = new() { Mode = SamplingMode.SinglePath } }));
    }
}
