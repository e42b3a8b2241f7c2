using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Planning;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Search.Sampling;

/// <summary>
/// The search's supernet: the modules of a <see cref="LayoutModel"/> built from the same model, registered under the
/// same names in the same order (so state_dict keys and checkpoints are the same), and the sampler that draws its
/// sub-networks. A step flows one way: <c>Sample…</c> draws an <see cref="ArchitectureSample"/>, <see cref="forward"/>
/// runs it, the loss and the optimiser step follow, and <see cref="RescaleSampledPairs"/> takes the same sample. The
/// mixed layers keep no state between those calls.
/// </summary>
internal sealed class Supernet : Module
{
    private readonly TokenEmbedding embedding;
    private readonly OutputHead output;

    // Not Module fields: the layers are registered by name in the constructor, in layer order.
    private readonly List<LayerModule> layers;
    private readonly List<MixedLayer> mixedLayers = new();

    // Per mixed layer: its position in `layers`, and the first memory slot it or any later layer uses.
    private readonly List<(int Position, int FirstSlot)> mixedLayerPlaces = new();

    // Draws are made on the CPU and moved to the logits' device, so a seed gives the same samples on every device.
    private readonly Generator sampler;
    private readonly int memoryLength;

    /// <param name="model">The supernet's model (<see cref="Space.SearchSpace.ToSupernetModel"/>).</param>
    /// <param name="seed">Seeds the sampler of noise and paths.</param>
    public Supernet(ParModel model, long seed)
        : base(model.Name)
    {
        var hp = model.HyperParameters;
        var plan = LayerPlan.Of(model);
        embedding = new TokenEmbedding(LayerPlan.Embedding, hp);
        register_module(LayerPlan.Embedding, embedding);
        layers = plan.Modules.Select(layer => LayerModule.Create(layer, hp)).ToList();
        for (var position = 0; position < layers.Count; position++)
        {
            var layer = layers[position];
            register_module(layer.Layer.Name!, layer.Module);
            if (layer.Mixed is { } mixed)
            {
                mixedLayers.Add(mixed);
                mixedLayerPlaces.Add((position, plan.Layers.Take(layer.Layer.Index).Count(earlier => earlier.Slot is not null)));
            }
        }

        AttentionSlotCount = plan.SlotCount;
        memoryLength = hp.Memory;
        output = new OutputHead(LayerPlan.Output, hp, embedding);
        register_module(LayerPlan.Output, output);
        sampler = new Generator((ulong)seed);
        RegisterComponents();
    }

    /// <summary>Builds the supernet and moves it to <paramref name="device"/> (CPU when null).</summary>
    public static Supernet Create(ParModel model, long seed, Device? device = null)
    {
        var built = new Supernet(model, seed);
        return device is null ? built : built.to(device);
    }

    /// <summary>The searched layers, in layer order.</summary>
    public IReadOnlyList<MixedLayer> MixedLayers => mixedLayers;

    public int AttentionSlotCount { get; }

    public SegmentMemory CreateMemory() => new(AttentionSlotCount, memoryLength);

    /// <summary>The architecture logits of every mixed layer: what the architecture optimiser updates.</summary>
    public IEnumerable<Parameter> ArchitectureParameters() => mixedLayers.Select(layer => layer.Logits);

    /// <summary>Every parameter except the architecture logits: what the weight optimiser updates.</summary>
    public IEnumerable<Parameter> WeightParameters()
    {
        var architecture = ArchitectureParameters().ToHashSet(ReferenceEqualityComparer.Instance);
        return parameters().Where(parameter => !architecture.Contains(parameter));
    }

    /// <summary>The sampler's state, for a checkpoint; the caller owns it.</summary>
    public Tensor SamplerState() => sampler.get_state();

    public void RestoreSamplerState(Tensor state) => sampler.set_state(state);

    /// <summary>FBNet: Gumbel noise for every mixed layer, in layer order, at temperature τ (positive).</summary>
    public ArchitectureSample SampleGumbel(double temperature) => new(mixedLayers.Select(layer => (LayerSample)new LayerSample.Gumbel(GumbelNoise(layer, temperature), temperature)).ToArray());

    /// <summary>A fair weight step's sample: Gumbel noise around uniform logits, in layer order (<see cref="LayerSample.UniformGumbel"/>).</summary>
    public ArchitectureSample SampleUniformGumbel(double temperature) => new(mixedLayers.Select(layer => (LayerSample)new LayerSample.UniformGumbel(GumbelNoise(layer, temperature), temperature)).ToArray());

    private Tensor GumbelNoise(MixedLayer layer, double temperature)
    {
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        }

        // -log of an Exponential(1) sample is Gumbel(0, 1) noise; drawing it ourselves lets the sampler seed it.
        return (-empty(layer.Logits.shape, dtype: layer.Logits.dtype, device: CPU).exponential_(generator: sampler).log()).to(layer.Logits.device).detach();
    }

    /// <summary>ProxylessNAS' weight step: one candidate per mixed layer, drawn from softmax(θ), in layer order.</summary>
    public ArchitectureSample SamplePaths() =>
        new(mixedLayers.Select(layer => (LayerSample)new LayerSample.Path(Draw(layer, 1)[0])).ToArray());

    /// <summary>
    /// ProxylessNAS' architecture step, per mixed layer in layer order: two distinct candidates drawn from softmax(θ),
    /// then the path among them drawn from the pair's own softmax.
    /// </summary>
    public ArchitectureSample SamplePairs() => new(mixedLayers.Select(layer =>
    {
        using var scope = NewDisposeScope();
        var drawn = Draw(layer, 2);
        var (first, second) = (drawn[0], drawn[1]);
        using var pairIndices = tensor(new long[] { first, second }, device: layer.Logits.device);
        var pairProbabilities = layer.Logits.detach().index_select(0, pairIndices).softmax(0);
        var activeInPair = (int)pairProbabilities.cpu().multinomial(1, generator: sampler).item<long>();
        var logits = layer.Logits.detach().cpu().data<float>().ToArray();
        return (LayerSample)new LayerSample.Pair(first, second, activeInPair, logits[first], logits[second]);
    }).ToArray());

    /// <summary>
    /// A random mixed layer and a fresh draw of its candidate that differs from <paramref name="path"/>'s; null when four
    /// tries per layer found none (every layer all but decided).
    /// </summary>
    public (int Layer, int Candidate)? DrawSwitch(IReadOnlyList<int> path)
    {
        for (var attempt = 0; attempt < 4 * mixedLayers.Count; attempt++)
        {
            var layer = (int)randint(0, mixedLayers.Count, [1], generator: sampler).item<long>();
            using var probabilities = mixedLayers[layer].Probabilities();
            var candidate = (int)probabilities.cpu().multinomial(1, generator: sampler).item<long>();
            if (candidate != path[layer])
            {
                return (layer, candidate);
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the sub-network or mixture <paramref name="sample"/> describes and, when <paramref name="mixedLayerInputs"/> is
    /// given, fills it with the hidden state that entered each mixed layer (owned by the caller's dispose scope), so
    /// <see cref="ForwardFromMixedLayer"/> can rerun the network from one of them with that layer changed.
    /// </summary>
    public Tensor forward(Tensor tokens, SegmentMemory? memory, ArchitectureSample sample, IList<Tensor>? mixedLayerInputs = null)
    {
        using var scope = NewDisposeScope();
        mixedLayerInputs?.Clear();
        return Run(0, 0, embedding.forward(tokens), memory, sample, mixedLayerInputs).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs mixed layer <paramref name="mixedIndex"/> and every layer after it on <paramref name="hidden"/> (the state that
    /// entered that layer in an earlier pass over the same segment), then the output head. Only the memory slots from
    /// <see cref="FirstMemorySlotFrom"/> on are read and fed; earlier layers' slots are left as they are.
    /// </summary>
    public Tensor ForwardFromMixedLayer(int mixedIndex, Tensor hidden, SegmentMemory? memory, ArchitectureSample sample)
    {
        using var scope = NewDisposeScope();
        return Run(mixedLayerPlaces[mixedIndex].Position, mixedIndex, hidden, memory, sample, null).MoveToOuterDisposeScope();
    }

    /// <summary>The first memory slot that mixed layer <paramref name="mixedIndex"/> or any later layer uses.</summary>
    public int FirstMemorySlotFrom(int mixedIndex) => mixedLayerPlaces[mixedIndex].FirstSlot;

    /// <summary>
    /// After an optimiser step on a pass of <see cref="SamplePairs"/>' sample, shifts each layer's two sampled logits by one
    /// offset so that their log-sum-exp is what it was before the step (ProxylessNAS): the pass judged only the pair, so
    /// it moves probability within the pair and not away from or towards the unsampled candidates. Layers without a
    /// sampled pair are left alone.
    /// </summary>
    public void RescaleSampledPairs(ArchitectureSample sample)
    {
        CheckCovers(sample);
        for (var index = 0; index < mixedLayers.Count; index++)
        {
            if (sample.Layers[index] is LayerSample.Pair pair)
            {
                Rescale(mixedLayers[index].Logits, pair);
            }
        }
    }

    private static void Rescale(Parameter logits, LayerSample.Pair pair)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var current = logits.detach().cpu().data<float>().ToArray();
        var before = LogSumExp(pair.FirstLogit, pair.SecondLogit);
        var after = LogSumExp(current[pair.First], current[pair.Second]);
        current[pair.First] -= (float)(after - before);
        current[pair.Second] -= (float)(after - before);
        logits.copy_(tensor(current, device: logits.device));
    }

    private static double LogSumExp(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    // Distinct candidates drawn from softmax(θ) on the CPU sampler, so a seed draws alike on every device.
    private int[] Draw(MixedLayer layer, int count)
    {
        using var scope = NewDisposeScope();
        var drawn = layer.Logits.detach().softmax(0).cpu().multinomial(count, replacement: false, generator: sampler);
        return drawn.data<long>().Select(index => (int)index).ToArray();
    }

    // The layers from `start` on (the first mixed one among them is mixed layer `firstMixed`), each mixed one gated by
    // its draw, then the output head.
    private Tensor Run(int start, int firstMixed, Tensor hidden, SegmentMemory? memory, ArchitectureSample sample, IList<Tensor>? mixedLayerInputs)
    {
        CheckCovers(sample);
        var mixed = firstMixed;
        for (var position = start; position < layers.Count; position++)
        {
            var layer = layers[position];
            MixedLayerGates? gates = null;
            if (layer.Mixed is { } mixedLayer)
            {
                mixedLayerInputs?.Add(hidden.alias().MoveToOuterDisposeScope());
                gates = sample.Layers[mixed++].Gates(mixedLayer.Logits);
            }

            hidden = layer.Forward(hidden, memory, gates);
        }

        return output.forward(hidden);
    }

    private void CheckCovers(ArchitectureSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Layers.Count != mixedLayers.Count)
        {
            throw new ArgumentException($"The sample draws {sample.Layers.Count} layers; the supernet has {mixedLayers.Count} mixed layers.", nameof(sample));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            sampler.Dispose();
        }

        base.Dispose(disposing);
    }
}
