using System;
using Par.Dsl.Model;
using Par.Dsl.Planning;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Models;

/// <summary>
/// The module of one planned layer (<see cref="LayerPlan"/>) and how to run it: the one place where a layer's block
/// is built and given its memory slot, for <see cref="LayoutModel"/> and the search's supernet alike.
/// </summary>
public sealed class LayerModule
{
    private LayerModule(PlannedLayer layer, Module<Tensor, Tensor> module)
    {
        Layer = layer;
        Module = module;
    }

    public PlannedLayer Layer { get; }

    /// <summary>The block, to be registered under <see cref="PlannedLayer.Name"/>.</summary>
    public Module<Tensor, Tensor> Module { get; }

    /// <summary>The block of a choice layer; null for a fixed one.</summary>
    public MixedLayer? Mixed => Module as MixedLayer;

    /// <summary>Builds the block of <paramref name="layer"/>, which must have a module.</summary>
    public static LayerModule Create(PlannedLayer layer, HyperParameters hp)
    {
        var name = layer.Name ?? throw new ArgumentException($"Layer {layer.Index} is an identity layer and has no module.", nameof(layer));
        Module<Tensor, Tensor> module = layer.Layer.IsChoice
            ? new MixedLayer(name, layer.Layer.Candidates, hp)
            : layer.Layer.Block == BlockKind.SelfAttention
                ? new SelfAttentionBlock(name, hp)
                : new FeedForwardBlock(name, hp);
        return new LayerModule(layer, module);
    }

    /// <summary>
    /// Runs the block on <paramref name="hidden"/> with its memory slot; a mixed layer combines its candidates as
    /// <paramref name="gates"/> say, by softmax(logits) when none are given.
    /// </summary>
    public Tensor Forward(Tensor hidden, SegmentMemory? memory, MixedLayerGates? gates = null) => Module switch
    {
        MixedLayer mixed when gates is not null => mixed.forward(hidden, memory, Slot, gates),
        MixedLayer mixed => mixed.forward(hidden, memory, Slot),
        SelfAttentionBlock attention => attention.forward(hidden, memory, Slot),
        _ => Module.forward(hidden),
    };

    // A mixed layer without an attention candidate never reads its slot.
    private int Slot => Layer.Slot ?? -1;
}
