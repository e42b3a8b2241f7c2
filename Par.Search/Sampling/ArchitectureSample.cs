using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Search.Sampling;

/// <summary>What a <see cref="Supernet"/> drew for one step: one <see cref="LayerSample"/> per mixed layer, in layer order.</summary>
internal sealed record ArchitectureSample(IReadOnlyList<LayerSample> Layers)
{
    /// <summary>The sub-network that runs candidate <c>paths[l]</c> in mixed layer l: a pinned path, no draw.</summary>
    public static ArchitectureSample OfPaths(IReadOnlyList<int> paths) =>
        new(paths.Select(candidate => (LayerSample)new LayerSample.Path(candidate)).ToArray());

    /// <summary>The candidate each layer runs, for a sample of paths.</summary>
    public int[] Paths() => Layers
        .Select(layer => layer is LayerSample.Path path ? path.Candidate : throw new InvalidOperationException($"A {layer.GetType().Name} draw runs no single path."))
        .ToArray();
}
