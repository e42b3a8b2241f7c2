using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;

namespace Par.Search.Space;

/// <summary>
/// What the search may choose: per layer, the candidate blocks (canonical order s, f, -), and the
/// hyper-parameters every candidate shares. Built from a supernet (<c>[sf-]x12</c>) or from a fixed
/// baseline whose every layer becomes <c>[sf-]</c>, so the found model keeps the baseline's widths.
/// </summary>
public sealed record SearchSpace
{
    /// <summary>The paper's per-layer choice: attention, feed-forward or nothing.</summary>
    public static IReadOnlyList<BlockKind> PaperCandidates { get; } =
        [BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity];

    private SearchSpace(string name, EquatableArray<Layer> layers, HyperParameters hyperParameters)
    {
        Name = name;
        Layers = layers;
        HyperParameters = hyperParameters;
    }

    /// <summary>The name of the model the space came from.</summary>
    public string Name { get; }

    /// <summary>One entry per layer; fixed layers (one candidate) stay as they are during the search.</summary>
    public EquatableArray<Layer> Layers { get; }

    public HyperParameters HyperParameters { get; }

    public int LayerCount => Layers.Count;

    /// <summary>Uses the supernet's own choices; a model without any choice has nothing to search.</summary>
    public static SearchSpace FromSupernet(ParModel supernet)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        if (!supernet.IsSupernet)
        {
            throw new ArgumentException(
                $"Model '{supernet.Name}' has no choice layer ([sf-]); use FromBaseline to search around a fixed model.",
                nameof(supernet));
        }

        return new SearchSpace(supernet.Name, supernet.Layout, supernet.HyperParameters);
    }

    /// <summary>Same layer count and hyper-parameters as <paramref name="baseline"/>; every layer becomes <c>[sf-]</c>.</summary>
    public static SearchSpace FromBaseline(ParModel baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.LayerCount == 0)
        {
            throw new ArgumentException($"Model '{baseline.Name}' has no layers to search over.", nameof(baseline));
        }

        var choice = new Layer(PaperCandidates.ToEquatableArray());
        return new SearchSpace(baseline.Name, Enumerable.Repeat(choice, baseline.LayerCount).ToEquatableArray(), baseline.HyperParameters);
    }

    /// <summary>
    /// <paramref name="layerCount"/> layers choosing among <paramref name="candidates"/> (default the paper's <c>[sf-]</c>;
    /// <c>[sf]</c> keeps every layer) with the given hyper-parameters.
    /// </summary>
    public static SearchSpace Uniform(string name, int layerCount, HyperParameters hyperParameters, IReadOnlyList<BlockKind>? candidates = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        var choice = new Layer((candidates ?? PaperCandidates).ToEquatableArray());
        if (!choice.IsChoice)
        {
            throw new ArgumentException("A searched layer needs at least two candidates.", nameof(candidates));
        }

        return new SearchSpace(name, Enumerable.Repeat(choice, layerCount).ToEquatableArray(), hyperParameters);
    }

    /// <summary>The supernet as a model the runtime can build: choice layers become mixed layers.</summary>
    public ParModel ToSupernetModel() => new($"{Name}Supernet", Layers, HyperParameters);
}
