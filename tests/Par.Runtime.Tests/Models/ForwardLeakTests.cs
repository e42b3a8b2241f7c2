using Par.Dsl.Model;
using Par.Runtime.Models;
using TorchSharp;

namespace Par.Runtime.Tests.Models;

public class ForwardLeakTests
{
    [Theory]
    [InlineData(AttentionKind.Xl, true)]
    [InlineData(AttentionKind.Causal, false)]
    public void Forward_leaves_only_the_logits_and_the_memory_alive(AttentionKind attention, bool tied)
    {
        using var model = LayoutModel.Create(TinyModels.Model("s [sf-] f [s-]", TinyModels.Parameters(attention, tied)));
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 4);
        var rememberedSlots = attention == AttentionKind.Xl ? model.AttentionSlotCount : 0;
        var memory = model.CreateMemory();
        var statistics = DisposeScopeManager.Statistics;
        statistics.Reset();

        using (model.forward(tokens))
        {
            Assert.Equal(1, statistics.ThreadTotalLiveCount);
        }

        Assert.Equal(0, statistics.ThreadTotalLiveCount);

        for (var segment = 0; segment < 2; segment++)
        {
            using (model.forward(tokens, memory))
            {
                Assert.Equal(1 + rememberedSlots, statistics.ThreadTotalLiveCount);
            }
        }

        memory.Dispose();
        Assert.Equal(0, statistics.ThreadTotalLiveCount);
    }
}
