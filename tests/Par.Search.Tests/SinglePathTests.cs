using System.Linq;
using Par.Runtime.Blocks;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class SinglePathTests
{
    [Fact]
    public void OneStep_RunsAtMostOneCandidatePerLayer_AndGivesTheLogitsOfEveryLayerThatRanABlockAGradient()
    {
        random.manual_seed(5);
        using var supernet = LayoutModel.Create(TinySearch.Space.ToSupernetModel());
        foreach (var layer in supernet.MixedLayers)
        {
            layer.Mode = MixingMode.SinglePath;
        }

        using var tokens = tensor(TinySearch.Tokens(64).Tokens.Select(token => (long)token).ToArray(), new long[] { 2, 32 });
        using var logits = supernet.forward(tokens);
        using var loss = nn.functional.cross_entropy(logits.reshape(-1, TinySearch.HyperParameters.Vocab), tokens.roll(-1, 1).reshape(-1));
        loss.backward();

        var parameters = supernet.named_parameters().ToList();
        var ranBlocks = 0;
        for (var index = 0; index < supernet.MixedLayers.Count; index++)
        {
            var prefix = $"layer_{index:00}_mixed.";
            bool Ran(string candidate) => parameters
                .Where(named => named.name.StartsWith(prefix + candidate + ".", System.StringComparison.Ordinal))
                .Any(named => named.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0);

            Assert.False(Ran("attention") && Ran("feed_forward"), $"layer {index} ran both candidates");

            // The straight-through factor scales the block's own contribution, so a layer that sampled the
            // identity (which contributes nothing) passes no gradient to its logits this step.
            var logitGradient = supernet.MixedLayers[index].Logits.grad;
            var gotGradient = logitGradient is not null && logitGradient.abs().sum().item<float>() > 0;
            Assert.Equal(Ran("attention") || Ran("feed_forward"), gotGradient);
            ranBlocks += Ran("attention") || Ran("feed_forward") ? 1 : 0;
        }

        Assert.True(ranBlocks > 0, "no layer sampled a block, so the test proved nothing");
    }
}
