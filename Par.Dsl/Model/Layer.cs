using System;
using System.Linq;

namespace Par.Dsl.Model;

/// <summary>
/// One layer of a layout: a fixed block (one candidate) or a searched choice among several
/// (<c>[sf-]</c>). Candidates are kept in canonical order s, f, - and without repeats.
/// </summary>
public sealed record Layer
{
    public Layer(EquatableArray<BlockKind> candidates)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("A layer needs at least one candidate block.", nameof(candidates));
        }

        Candidates = candidates.Distinct().OrderBy(kind => kind).ToEquatableArray();
    }

    public static Layer Fixed(BlockKind kind) => new(new[] { kind }.ToEquatableArray());

    public static Layer Choice(params BlockKind[] candidates) => new(candidates.ToEquatableArray());

    public EquatableArray<BlockKind> Candidates { get; }

    /// <summary>True when the layer is searched (more than one candidate): the model is a supernet.</summary>
    public bool IsChoice => Candidates.Count > 1;

    /// <summary>The block of a fixed layer.</summary>
    public BlockKind Block => IsChoice
        ? throw new InvalidOperationException("A choice layer has no single block.")
        : Candidates[0];
}
