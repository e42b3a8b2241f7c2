using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;

namespace Par.Bench;

/// <summary>
/// The model one would write by hand without Par: the same blocks in a <c>ModuleList</c> and a loop
/// that tests each block's type. The generated straight-line class is benchmarked against it.
/// </summary>
internal sealed class ModuleListReferenceModel : Module<Tensor, Tensor>, IParLanguageModel
{
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<Module> layers;
    private readonly OutputHead output;

    public ModuleListReferenceModel(string name, string layout, EquatableArray<Layer> layerKinds, HyperParameters hyperParameters)
        : base(name)
    {
        Name = name;
        Layout = layout;
        HyperParameters = hyperParameters;
        embedding = new TokenEmbedding("embedding", hyperParameters);
        layers = new ModuleList<Module>();
        foreach (var layer in layerKinds)
        {
            switch (layer.Block)
            {
                case BlockKind.SelfAttention:
                    layers.Add(new SelfAttentionBlock($"attention_{AttentionSlotCount}", hyperParameters));
                    AttentionSlotCount++;
                    break;
                case BlockKind.FeedForward:
                    layers.Add(new FeedForwardBlock("feed_forward", hyperParameters));
                    break;
            }
        }

        output = new OutputHead("output", hyperParameters, embedding);
        RegisterComponents();
    }

    public string Name { get; }

    public string Layout { get; }

    public HyperParameters HyperParameters { get; }

    public int AttentionSlotCount { get; }

    public SegmentMemory CreateMemory() => new(AttentionSlotCount, HyperParameters.Memory);

    public override Tensor forward(Tensor tokens) => forward(tokens, null);

    public Tensor forward(Tensor tokens, SegmentMemory? memory)
    {
        using var scope = NewDisposeScope();
        var hidden = embedding.forward(tokens);
        var slot = 0;
        foreach (var layer in layers)
        {
            hidden = layer switch
            {
                SelfAttentionBlock attention => attention.forward(hidden, memory, slot++),
                FeedForwardBlock feedForward => feedForward.forward(hidden),
                _ => throw new InvalidOperationException($"Unexpected block {layer.GetType().Name}."),
            };
        }

        return output.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Copies weights from a model with the same blocks in the same order (parameter names differ).</summary>
    public void CopyWeightsFrom(Module source)
    {
        var from = source.parameters().ToList();
        var to = parameters().ToList();
        if (from.Count != to.Count || from.Zip(to).Any(pair => !pair.First.shape.SequenceEqual(pair.Second.shape)))
        {
            throw new InvalidOperationException("The two models do not have the same parameters in the same order.");
        }

        using var noGrad = no_grad();
        foreach (var (source_, target) in from.Zip(to))
        {
            target.copy_(source_);
        }
    }
}
