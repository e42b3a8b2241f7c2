using System.Collections.Generic;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

public class PartialForwardTests
{
    // Fixed attention layers between the mixed ones, so slots of earlier and later layers are both in play.
    private const string Layout = "s [sf-] f [sf-] s [sf-]";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Rerunning_from_a_mixed_layer_on_its_recorded_input_matches_a_whole_pass_with_the_same_paths(int from)
    {
        using var model = LayoutModel.Create(TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl)));
        model.eval();
        using var noGrad = no_grad();
        using var tokens = TinyModels.Tokens(2, 6, seed: 5);
        using var earlier = TinyModels.Tokens(2, 6, seed: 6);
        int[] firstPaths = [0, 1, 0];
        int[] secondPaths = [0, 1, 0];
        secondPaths[from] = 2;

        // A shared history in memory, then the first path over the segment, recording each mixed layer's input.
        using var memory = model.CreateMemory();
        Pin(model, firstPaths);
        using (model.forward(earlier, memory))
        {
        }

        using var start = model.CreateMemory();
        start.CopyFrom(memory);
        var inputs = new List<Tensor>();
        using (model.forward(tokens, memory, inputs))
        {
        }

        Assert.Equal(3, inputs.Count);

        // Only the switched layer and the later ones go back to where the segment started.
        Pin(model, secondPaths);
        memory.CopyFrom(start, model.FirstMemorySlotFrom(from));
        using var partial = model.ForwardFromMixedLayer(from, inputs[from], memory);

        using var reference = model.CreateMemory();
        reference.CopyFrom(start);
        using var whole = model.forward(tokens, reference);

        Assert.True(partial.allclose(whole, rtol: 1e-5, atol: 1e-5));
        for (var slot = 0; slot < memory.SlotCount; slot++)
        {
            Assert.True(memory[slot]!.allclose(reference[slot]!), $"memory slot {slot} differs from a whole pass's");
        }
    }

    private static void Pin(LayoutModel model, int[] paths)
    {
        for (var index = 0; index < paths.Length; index++)
        {
            model.MixedLayers[index].Mode = MixingMode.SinglePath;
            model.MixedLayers[index].PinnedCandidate = paths[index];
        }
    }
}
