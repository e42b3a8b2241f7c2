using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Models;

/// <summary>
/// A Par model built at run time from a <see cref="ParModel"/> (used by the CLI and the search). It loops over
/// its layers where a generated class runs them in straight-line code, and registers the same state_dict keys
/// (<see cref="LayerNames"/>), so weights move freely between the two.
/// </summary>
public sealed class LayoutModel : Module<Tensor, Tensor>, IParLanguageModel
{
    private readonly TokenEmbedding embedding;
    private readonly OutputHead output;

    // Not Module fields: the layers are registered by name in the constructor, in layer order.
    private readonly List<Func<Tensor, SegmentMemory?, Tensor>> layers = new();
    private readonly List<MixedLayer> mixedLayers = new();

    // Per mixed layer: its position in `layers`, and the first memory slot it or any later layer uses.
    private readonly List<(int Position, int FirstSlot)> mixedLayerPlaces = new();

    public LayoutModel(ParModel model)
        : base(model.Name)
    {
        Definition = model;
        Layout = ParPrinter.PrintLayout(model.Layout);
        var hp = model.HyperParameters;

        embedding = new TokenEmbedding(LayerNames.Embedding, hp);
        register_module(LayerNames.Embedding, embedding);

        var slot = 0;
        for (var index = 0; index < model.LayerCount; index++)
        {
            var layer = model.Layout[index];
            var name = LayerNames.For(index, model.LayerCount, layer);
            if (name is null)
            {
                continue;
            }

            if (layer.IsChoice)
            {
                var mixed = new MixedLayer(name, layer.Candidates, hp);
                mixedLayerPlaces.Add((layers.Count, slot));
                var mixedSlot = mixed.HasAttention ? slot++ : -1;
                mixedLayers.Add(mixed);
                register_module(name, mixed);
                layers.Add((x, memory) => mixed.forward(x, memory, mixedSlot));
            }
            else if (layer.Block == BlockKind.SelfAttention)
            {
                var attention = new SelfAttentionBlock(name, hp);
                var attentionSlot = slot++;
                register_module(name, attention);
                layers.Add((x, memory) => attention.forward(x, memory, attentionSlot));
            }
            else
            {
                var feedForward = new FeedForwardBlock(name, hp);
                register_module(name, feedForward);
                layers.Add((x, _) => feedForward.forward(x));
            }
        }

        AttentionSlotCount = slot;
        output = new OutputHead(LayerNames.Output, hp, embedding);
        register_module(LayerNames.Output, output);
        RegisterComponents();
    }

    /// <summary>Builds the model and moves it to <paramref name="device"/> (CPU when null).</summary>
    public static LayoutModel Create(ParModel model, Device? device = null)
    {
        var built = new LayoutModel(model);
        return device is null ? built : built.to(device);
    }

    /// <summary>The model description this instance was built from.</summary>
    public ParModel Definition { get; }

    public string Name => Definition.Name;

    public string Layout { get; }

    public HyperParameters HyperParameters => Definition.HyperParameters;

    public int AttentionSlotCount { get; }

    /// <summary>The supernet's searched layers, in layer order (empty for a fixed layout).</summary>
    public IReadOnlyList<MixedLayer> MixedLayers => mixedLayers;

    /// <summary>The architecture logits of every mixed layer: what the search's architecture optimiser updates.</summary>
    public IEnumerable<Parameter> ArchitectureParameters() => mixedLayers.Select(layer => layer.Logits);

    /// <summary>Every parameter except the architecture logits: what the weight optimiser updates.</summary>
    public IEnumerable<Parameter> WeightParameters()
    {
        var architecture = ArchitectureParameters().ToHashSet(ReferenceEqualityComparer.Instance);
        return parameters().Where(parameter => !architecture.Contains(parameter));
    }

    public override Tensor forward(Tensor tokens) => forward(tokens, null);

    public Tensor forward(Tensor tokens, SegmentMemory? memory) => forward(tokens, memory, null);

    /// <summary>
    /// Runs the model and, when <paramref name="mixedLayerInputs"/> is given, fills it with the hidden state that
    /// entered each mixed layer (owned by the caller's dispose scope), so <see cref="ForwardFromMixedLayer"/> can
    /// rerun the network from one of them with that layer changed.
    /// </summary>
    public Tensor forward(Tensor tokens, SegmentMemory? memory, IList<Tensor>? mixedLayerInputs)
    {
        using var scope = NewDisposeScope();
        mixedLayerInputs?.Clear();
        var hidden = embedding.forward(tokens);
        var nextMixed = 0;
        for (var position = 0; position < layers.Count; position++)
        {
            if (mixedLayerInputs is not null && nextMixed < mixedLayerPlaces.Count && mixedLayerPlaces[nextMixed].Position == position)
            {
                mixedLayerInputs.Add(hidden.alias().MoveToOuterDisposeScope());
                nextMixed++;
            }

            hidden = layers[position](hidden, memory);
        }

        return output.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs mixed layer <paramref name="mixedIndex"/> and every layer after it on <paramref name="hidden"/> (the state
    /// that entered that layer in an earlier pass over the same segment), then the output head. Only the memory slots
    /// from <see cref="FirstMemorySlotFrom"/> on are read and fed; earlier layers' slots are left as they are.
    /// </summary>
    public Tensor ForwardFromMixedLayer(int mixedIndex, Tensor hidden, SegmentMemory? memory)
    {
        using var scope = NewDisposeScope();
        for (var position = mixedLayerPlaces[mixedIndex].Position; position < layers.Count; position++)
        {
            hidden = layers[position](hidden, memory);
        }

        return output.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>The first memory slot that mixed layer <paramref name="mixedIndex"/> or any later layer uses.</summary>
    public int FirstMemorySlotFrom(int mixedIndex) => mixedLayerPlaces[mixedIndex].FirstSlot;

    public SegmentMemory CreateMemory() => new(AttentionSlotCount, HyperParameters.Memory);
}
