using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Planning;
using Par.Dsl.Printing;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Models;

/// <summary>
/// A Par model built at run time from a <see cref="ParModel"/> (used by the CLI and the search). It loops over
/// its layers where a generated class runs them in straight-line code, and follows the same <see cref="LayerPlan"/>
/// (state_dict keys, memory slots), so weights move freely between the two. A choice layer mixes its candidates by
/// softmax(logits), as a generated supernet does.
/// </summary>
public sealed class LayoutModel : Module<Tensor, Tensor>, IParLanguageModel
{
    private readonly TokenEmbedding embedding;
    private readonly OutputHead output;

    // Not Module fields: the layers are registered by name in the constructor, in layer order.
    private readonly List<LayerModule> layers;

    public LayoutModel(ParModel model)
        : base(model.Name)
    {
        Definition = model;
        Layout = ParPrinter.PrintLayout(model.Layout);
        var hp = model.HyperParameters;
        var plan = LayerPlan.Of(model);

        embedding = new TokenEmbedding(LayerPlan.Embedding, hp);
        register_module(LayerPlan.Embedding, embedding);
        layers = plan.Modules.Select(layer => LayerModule.Create(layer, hp)).ToList();
        foreach (var layer in layers)
        {
            register_module(layer.Layer.Name!, layer.Module);
        }

        AttentionSlotCount = plan.SlotCount;
        output = new OutputHead(LayerPlan.Output, hp, embedding);
        register_module(LayerPlan.Output, output);
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

    public override Tensor forward(Tensor tokens) => forward(tokens, null);

    public Tensor forward(Tensor tokens, SegmentMemory? memory)
    {
        using var scope = NewDisposeScope();
        var hidden = embedding.forward(tokens);
        foreach (var layer in layers)
        {
            hidden = layer.Forward(hidden, memory);
        }

        return output.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits <c>[B, T, V]</c> of a bidirectional model for a padded batch: <paramref name="isToken"/> (<c>[B, T]</c>
    /// bool, null when nothing is padded) is false at padding, which no position attends to, so a padded position's
    /// token changes no other position's output. Every row needs at least one token. Refused for other attention kinds
    /// and for search spaces.
    /// </summary>
    public Tensor ForwardPadded(Tensor tokens, Tensor? isToken)
    {
        if (!HyperParameters.Attention.IsBidirectional())
        {
            throw new InvalidOperationException($"'{Name}' has {HyperParameters.Attention.Name()} attention; only a bidirectional model takes a padding mask.");
        }

        if (layers.Any(layer => layer.Mixed is not null))
        {
            throw new InvalidOperationException($"'{Name}' is a search space; a padding mask is for a model with a fixed layout.");
        }

        using var scope = NewDisposeScope();
        var hidden = embedding.forward(tokens);
        foreach (var layer in layers)
        {
            hidden = layer.Module is SelfAttentionBlock attention ? attention.forward(hidden, null, -1, isToken) : layer.Module.forward(hidden);
        }

        return output.forward(hidden).MoveToOuterDisposeScope();
    }

    public SegmentMemory CreateMemory() => new(AttentionSlotCount, HyperParameters.Memory);
}
