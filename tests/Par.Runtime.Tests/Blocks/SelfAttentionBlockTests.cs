using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Blocks;

public class SelfAttentionBlockTests
{
    // Without gradients the scores are summed, scaled and masked in place through a strided shift; with them, out of
    // place through the copying shift autograd differentiates. Both must give the same numbers to the bit.
    [Theory]
    [InlineData(2)]
    [InlineData(TinyModels.Context)]
    [InlineData(3 * TinyModels.Context)]
    public void Attention_without_gradients_equals_attention_with_them_exactly(int memoryLength)
    {
        using var block = new SelfAttentionBlock("attention", TinyModels.Parameters(AttentionKind.Xl, memory: memoryLength));
        block.eval();
        using var withGradients = new SegmentMemory(1, memoryLength, cacheAttention: false);
        using var withoutGradients = new SegmentMemory(1, memoryLength, cacheAttention: false);

        for (var segment = 0; segment < 4; segment++)
        {
            using var hidden = randn(new long[] { 2, TinyModels.Context, TinyModels.DModel }, generator: new Generator((ulong)(30 + segment)));
            using var expected = block.forward(hidden, withGradients, 0);
            using (no_grad())
            {
                using var actual = block.forward(hidden, withoutGradients, 0);
                Assert.True(actual.allclose(expected.detach(), rtol: 0, atol: 0), $"segment {segment} differs by {(actual - expected).abs().max().item<float>()}");
            }
        }
    }
}
