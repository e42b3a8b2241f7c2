using System.Linq;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class SinglePathTests
{
    [Fact]
    public void ATwoPathPass_TrainsAtMostOneBlockPerLayer_AndGivesEveryLayersLogitsAGradient()
    {
        random.manual_seed(5);
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), seed: 5);

        using var tokens = tensor(TinySearch.Tokens(64).Tokens.Select(token => (long)token).ToArray(), new long[] { 2, 32 });
        using var logits = supernet.forward(tokens, null, supernet.SamplePairs());
        using var loss = nn.functional.cross_entropy(logits.reshape(-1, TinySearch.HyperParameters.Vocab), tokens.roll(-1, 1).reshape(-1));
        loss.backward();

        var parameters = supernet.named_parameters().ToList();
        for (var index = 0; index < supernet.MixedLayers.Count; index++)
        {
            var prefix = $"layer_{index:00}_mixed.";
            bool Trained(string candidate) => parameters
                .Where(named => named.name.StartsWith(prefix + candidate + ".", System.StringComparison.Ordinal))
                .Any(named => named.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0);

            // The pair's second candidate runs without gradient: only the path's block trains.
            Assert.False(Trained("attention") && Trained("feed_forward"), $"layer {index} trained both candidates");

            // Every pair holds at least one block (there is one identity), whose gate gradient reaches both of the
            // pair's logits through their softmax, whichever of the two was the path.
            var logitGradient = supernet.MixedLayers[index].Logits.grad;
            Assert.True(logitGradient is not null && logitGradient.abs().sum().item<float>() > 0, $"layer {index}'s logits got no gradient");
        }
    }
}
