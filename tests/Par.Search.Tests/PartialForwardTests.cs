using System.Collections.Generic;
using Par.Dsl.Model;
using Par.Runtime.Tests.Models;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

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
        using var supernet = Supernet.Create(TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl)), seed: 1);
        supernet.eval();
        using var noGrad = no_grad();
        using var tokens = TinyModels.Tokens(2, 6, seed: 5);
        using var earlier = TinyModels.Tokens(2, 6, seed: 6);
        int[] secondPaths = [0, 1, 0];
        secondPaths[from] = 2;
        var first = ArchitectureSample.OfPaths([0, 1, 0]);
        var second = ArchitectureSample.OfPaths(secondPaths);

        // A shared history in memory, then the first path over the segment, recording each mixed layer's input.
        using var memory = supernet.CreateMemory();
        using (supernet.forward(earlier, memory, first))
        {
        }

        using var start = supernet.CreateMemory();
        start.CopyFrom(memory);
        var inputs = new List<Tensor>();
        using (supernet.forward(tokens, memory, first, inputs))
        {
        }

        Assert.Equal(3, inputs.Count);

        // Only the switched layer and the later ones go back to where the segment started.
        memory.CopyFrom(start, supernet.FirstMemorySlotFrom(from));
        using var partial = supernet.ForwardFromMixedLayer(from, inputs[from], memory, second);

        using var reference = supernet.CreateMemory();
        reference.CopyFrom(start);
        using var whole = supernet.forward(tokens, reference, second);

        Assert.True(partial.allclose(whole, rtol: 1e-5, atol: 1e-5));
        for (var slot = 0; slot < memory.SlotCount; slot++)
        {
            Assert.True(memory[slot]!.allclose(reference[slot]!), $"memory slot {slot} differs from a whole pass's");
        }
    }
}
