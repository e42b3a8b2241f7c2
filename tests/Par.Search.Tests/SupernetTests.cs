using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class SupernetTests
{
    private const string Layout = "s [sf-] - f [s-]";

    [Fact]
    public void Builds_the_modules_of_a_layout_model_in_the_same_order_under_the_same_names()
    {
        var model = TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl));
        random.manual_seed(4);
        using var layoutModel = LayoutModel.Create(model);
        random.manual_seed(4);
        using var supernet = Supernet.Create(model, seed: 1);

        var expected = layoutModel.state_dict();
        var actual = supernet.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, entry => Assert.True(entry.Value.allclose(actual[entry.Key], rtol: 0, atol: 0), $"{entry.Key} was initialised differently"));
        Assert.Equal(layoutModel.AttentionSlotCount, supernet.AttentionSlotCount);
        Assert.Equal(2, supernet.MixedLayers.Count);
        Assert.Equal(supernet.MixedLayers.Select(layer => layer.Logits), supernet.ArchitectureParameters());
        Assert.Equal(supernet.parameters().Count() - 2, supernet.WeightParameters().Count());
        Assert.DoesNotContain(supernet.WeightParameters(), parameter => supernet.ArchitectureParameters().Contains(parameter));
    }

    [Theory]
    [InlineData("gumbel")]
    [InlineData("paths")]
    [InlineData("pairs")]
    public void A_forward_given_the_same_sample_twice_gives_identical_outputs_and_draws_nothing(string kind)
    {
        random.manual_seed(2);
        using var supernet = Supernet.Create(TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl)), seed: 3);
        supernet.eval();
        using var noGrad = no_grad();
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 7);
        var sample = kind switch
        {
            "gumbel" => supernet.SampleGumbel(0.5),
            "paths" => supernet.SamplePaths(),
            _ => supernet.SamplePairs(),
        };
        using var samplerBefore = supernet.SamplerState();

        using var first = supernet.forward(tokens, supernet.CreateMemory(), sample);
        using var second = supernet.forward(tokens, supernet.CreateMemory(), sample);

        Assert.True(first.allclose(second, rtol: 0, atol: 0), "the same sample ran differently the second time");
        using var samplerAfter = supernet.SamplerState();
        Assert.Equal(samplerBefore.data<byte>().ToArray(), samplerAfter.data<byte>().ToArray()); // a forward pass draws nothing
        using var another = supernet.forward(tokens, supernet.CreateMemory(), kind == "gumbel" ? supernet.SampleGumbel(0.5) : ArchitectureSample.OfPaths([2, 1]));
        Assert.False(first.allclose(another), "another sample ran the same network: the sample made no difference");
    }

    [Fact]
    public void A_sample_must_cover_every_mixed_layer()
    {
        using var supernet = Supernet.Create(TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl)), seed: 3);
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 7);

        Assert.Throws<ArgumentException>(() => supernet.forward(tokens, null, ArchitectureSample.OfPaths([0])));
    }
}
