using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

/// <summary>
/// Transformer-XL's promise: hidden states cached per layer are exactly what a full pass computes for those
/// positions, so segment-by-segment evaluation equals one pass over the stream while the memory covers it.
/// </summary>
public class XlMemoryEquivalenceTests
{
    [Theory]
    [InlineData(2, TinyModels.Context)]
    [InlineData(3, 2 * TinyModels.Context)]
    public void Segments_with_memory_match_a_single_pass_over_the_stream(int segments, int memoryLength)
    {
        var hp = TinyModels.Parameters(AttentionKind.Xl, memory: memoryLength);
        using var model = LayoutModel.Create(TinyModels.Model("s f [sf-] s [f-]", hp));
        model.eval();
        using (no_grad())
        {
            foreach (var mixed in model.children().OfType<MixedLayer>())
            {
                mixed.Logits.normal_();
            }
        }

        const int Length = TinyModels.Context;
        using var stream = TinyModels.Tokens(2, segments * Length, seed: 8);
        using var memory = model.CreateMemory();
        using var whole = model.forward(stream);

        for (var segment = 0; segment < segments; segment++)
        {
            using var part = stream.narrow(1, segment * Length, Length);
            using var logits = model.forward(part, memory);
            using var expected = whole.narrow(1, segment * Length, Length);
            Assert.True(logits.allclose(expected, rtol: 0, atol: 1e-4), $"segment {segment} differs");
        }
    }

    [Fact]
    public void A_memory_shorter_than_the_segment_sees_less_than_a_single_pass()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f s", TinyModels.Parameters(AttentionKind.Xl, memory: 2)));
        model.eval();
        const int Length = TinyModels.Context;
        using var stream = TinyModels.Tokens(1, 2 * Length, seed: 9);
        using var memory = model.CreateMemory();
        using var whole = model.forward(stream);
        using var firstPart = stream.narrow(1, 0, Length);
        using var secondPart = stream.narrow(1, Length, Length);
        using var expected = whole.narrow(1, Length, Length);
        using var first = model.forward(firstPart, memory);

        using var second = model.forward(secondPart, memory);

        Assert.False(second.allclose(expected, rtol: 0, atol: 1e-4));
    }
}
