using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Derivation;

/// <summary>
/// The most probable layouts under the search's final, per-layer independent distribution: a beam over the layers
/// that keeps the best partial choices by joint log-probability. With a budget, partial choices already over it are
/// dropped as soon as they are (latency only grows layer by layer), so every layout returned keeps the budget.
/// Different choices can give the same layout (<c>f-</c> and <c>-f</c>); each layout is returned once, at its most
/// probable choices. An all-identity choice is no network and is never returned.
/// </summary>
public static class CandidateLayouts
{
    /// <param name="space">The searched space.</param>
    /// <param name="probabilities">Final probabilities, one row per space layer.</param>
    /// <param name="count">How many distinct layouts at most.</param>
    /// <param name="table">Block latencies, to price layouts; null prices nothing and allows no budget.</param>
    /// <param name="budgetMs">The latency every returned layout must keep (table milliseconds), or null for none.</param>
    public static IReadOnlyList<CandidateLayout> MostProbable(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, int count, BlockLatencyTable? table = null, double? budgetMs = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (probabilities.Count != space.LayerCount)
        {
            throw new ArgumentException($"The space has {space.LayerCount} layers but {probabilities.Count} probability rows were given.", nameof(probabilities));
        }

        if (budgetMs is not null && table is null)
        {
            throw new ArgumentException("A latency budget needs a block latency table to price layouts.", nameof(table));
        }

        // Several choices collapse into one layout, so the beam keeps more partial choices than layouts asked for.
        var width = count * 4;
        var beam = new List<Partial> { new([], 0, 0) };
        for (var index = 0; index < space.LayerCount; index++)
        {
            var layer = space.Layers[index];
            var options = layer.IsChoice
                ? layer.Candidates.Select((kind, choice) => (Kind: kind, Choice: choice, LogP: Math.Log(Math.Max(probabilities[index].Of(kind), double.Epsilon))))
                : [(Kind: layer.Block, Choice: 0, LogP: 0.0)];
            beam = beam
                .SelectMany(partial => options.Select(option => partial.With(option.Kind, option.Choice, option.LogP, table?.LatencyOf(option.Kind) ?? 0)))
                .Where(partial => budgetMs is not { } budget || partial.LatencyMs <= budget)
                .OrderByDescending(partial => partial.LogProbability)
                .ThenBy(partial => partial.Key, StringComparer.Ordinal)
                .Take(width)
                .ToList();
        }

        return beam
            .Select(partial => (Partial: partial, Layout: LayoutOf(partial.Kinds)))
            .Where(entry => entry.Layout.Count > 0)
            .GroupBy(entry => entry.Layout)
            .Select(group => group.First())
            .Take(count)
            .Select(entry => new CandidateLayout(entry.Partial.Choices.ToEquatableArray(), entry.Layout, entry.Partial.LogProbability, table is null ? null : entry.Partial.LatencyMs))
            .ToList();
    }

    /// <summary>The candidate per-layer choices give (priced by <paramref name="table"/> if any), or null when they give no network (every layer identity).</summary>
    public static CandidateLayout? Of(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, int[] choices, BlockLatencyTable? table)
    {
        var kinds = KindsOf(space, choices);
        var layout = LayoutOf(kinds);
        if (layout.Count == 0)
        {
            return null;
        }

        var logProbability = kinds.Select((kind, index) => space.Layers[index].IsChoice ? Math.Log(Math.Max(probabilities[index].Of(kind), double.Epsilon)) : 0).Sum();
        return new CandidateLayout(choices.ToEquatableArray(), layout, logProbability, table is null ? null : kinds.Sum(table.LatencyOf));
    }

    /// <summary>The block each space layer holds under <paramref name="choices"/> (a fixed layer its own).</summary>
    public static BlockKind[] KindsOf(SearchSpace space, IEnumerable<int> choices) =>
        choices.Select((choice, index) => space.Layers[index].IsChoice ? space.Layers[index].Candidates[choice] : space.Layers[index].Block).ToArray();

    /// <summary>The layout per-layer choices give: identities dropped.</summary>
    public static EquatableArray<Layer> LayoutOf(IReadOnlyList<BlockKind> kinds) =>
        kinds.Where(kind => kind != BlockKind.Identity).Select(Layer.Fixed).ToEquatableArray();

    private sealed record Partial(IReadOnlyList<(BlockKind Kind, int Choice)> Steps, double LogProbability, double LatencyMs)
    {
        public IReadOnlyList<BlockKind> Kinds => Steps.Select(step => step.Kind).ToList();

        public IEnumerable<int> Choices => Steps.Select(step => step.Choice);

        // A total order for ties, so equal probabilities give the same beam on every run.
        public string Key => string.Concat(Steps.Select(step => step.Kind.Letter()));

        public Partial With(BlockKind kind, int choice, double logP, double latencyMs) =>
            new([.. Steps, (kind, choice)], LogProbability + logP, LatencyMs + latencyMs);
    }
}
