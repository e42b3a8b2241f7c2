using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

public class LayoutModelShapeTests
{
    [Theory]
    [InlineData(AttentionKind.Xl, true)]
    [InlineData(AttentionKind.Xl, false)]
    [InlineData(AttentionKind.Causal, true)]
    [InlineData(AttentionKind.Causal, false)]
    public void Forward_returns_batch_by_time_by_vocab_logits_with_and_without_memory(AttentionKind attention, bool tied)
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f [sf-] - f", TinyModels.Parameters(attention, tied)));
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 1);
        using var memory = model.CreateMemory();

        using var withoutMemory = model.forward(tokens);
        using var firstSegment = model.forward(tokens, memory);
        using var secondSegment = model.forward(tokens, memory);

        var expected = new long[] { 2, TinyModels.Context, TinyModels.Vocab };
        Assert.Equal(expected, withoutMemory.shape);
        Assert.Equal(expected, firstSegment.shape);
        Assert.Equal(expected, secondSegment.shape);
    }

    [Fact]
    public void Describes_itself_from_its_definition()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s [sf-] - f", TinyModels.Parameters(AttentionKind.Xl)));

        Assert.Equal("Tiny", model.Name);
        Assert.Equal("s[sf-]-f", model.Layout); // canonical: a run of bare layers is written together
        Assert.Equal(2, model.AttentionSlotCount);
        Assert.Single(model.children().OfType<MixedLayer>());
    }

    [Fact]
    public void Xl_memory_keeps_at_most_its_length_of_detached_states()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f", TinyModels.Parameters(AttentionKind.Xl, memory: 4)));
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 2);
        using var memory = model.CreateMemory();

        using (model.forward(tokens, memory))
        {
        }

        var remembered = memory[0]!;
        Assert.Equal(new long[] { 2, 4, TinyModels.DModel }, remembered.shape);
        Assert.False(remembered.requires_grad);
    }

    [Fact]
    public void Causal_attention_leaves_the_memory_empty()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f", TinyModels.Parameters(AttentionKind.Causal)));
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 3);
        using var memory = model.CreateMemory();

        using (model.forward(tokens, memory))
        {
        }

        Assert.Null(memory[0]);
    }

    [Theory]
    [InlineData(AttentionKind.Xl)]
    [InlineData(AttentionKind.Causal)]
    public void Moving_parameters_keeps_every_block_and_the_tied_head_working(AttentionKind attention)
    {
        // Moving replaces parameters and rewrites the fields that hold them; a dtype change exercises that on CPU.
        using var model = LayoutModel.Create(TinyModels.Model("s [sf-] f", TinyModels.Parameters(attention, tied: true)));
        model.to(ScalarType.Float64);
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 10);
        using var memory = model.CreateMemory();

        using var logits = model.forward(tokens, memory);

        Assert.Equal(ScalarType.Float64, logits.dtype);
        Assert.All(model.parameters(), parameter => Assert.Equal(ScalarType.Float64, parameter.dtype));
        Assert.Equal(ScalarType.Float64, model.children().OfType<MixedLayer>().Single().Logits.dtype);
    }
}
