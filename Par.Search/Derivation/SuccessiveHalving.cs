using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace Par.Search.Derivation;

/// <summary>
/// Successive halving (Jamieson and Talwalkar 2016, the rung rule of Hyperband and ASHA) over ranked candidates, with
/// η = 2: the best-ranked n are trained from scratch, the better half by held-out loss trained again for twice the steps,
/// and so on down to the last two, which are compared and not trained further. Every rung spends an equal share of the
/// budget, so many layouts get a short look and the few that survive it a long one: a layout that only pays off at
/// length (attention in layer 0 on text) is judged at length once it is among the better half at each shorter training.
/// </summary>
internal static class SuccessiveHalving
{
    /// <summary>One rung: how many candidates it trains, and for how many steps each.</summary>
    internal sealed record Rung(int Candidates, int Steps);

    /// <summary>The candidates re-ranked, and the training steps that took (never more than the budget).</summary>
    internal sealed record Outcome(IReadOnlyList<ScoredCandidate> Ranked, int StepsSpent);

    /// <summary>
    /// The rungs for <paramref name="candidates"/> requested and <paramref name="available"/> at hand: the first rung
    /// holds the largest power of two no more than either, each next one half of it, down to 2; rung k trains each of its
    /// n_k candidates for ⌊budget / (R · n_k)⌋ steps, R the number of rungs, so no rung spends more than a share of it.
    /// </summary>
    /// <exception cref="ArgumentException">Under 2 candidates requested or available, or a budget that leaves some rung no step.</exception>
    internal static IReadOnlyList<Rung> Rungs(int candidates, int available, int budgetSteps)
    {
        if (candidates < 2 || available < 2)
        {
            throw new ArgumentException($"Successive halving compares at least 2 candidates; {candidates} were asked for and {available} are at hand.", nameof(candidates));
        }

        var first = 1 << BitOperations.Log2((uint)Math.Min(candidates, available));
        var counts = new List<int>();
        for (var count = first; count >= 2; count /= 2)
        {
            counts.Add(count);
        }

        if (budgetSteps < counts.Count * first)
        {
            throw new ArgumentException(
                $"A budget of {budgetSteps} steps gives {counts.Count} rungs of {first} candidates down to 2 under one step each; it needs at least {counts.Count * first}.", nameof(budgetSteps));
        }

        return [.. counts.Select(count => new Rung(count, budgetSteps / (counts.Count * count)))];
    }

    /// <summary>Runs the rungs of <see cref="Rungs"/> over <paramref name="ranked"/>.</summary>
    /// <param name="ranked">The candidates best first; the first rung takes the best-ranked of them.</param>
    /// <param name="trained">A layout's held-out loss after training from fresh weights for the given steps, lower is better.</param>
    /// <param name="candidates">The first rung's size before it is clamped to the candidates at hand and to a power of two.</param>
    /// <param name="budgetSteps">The training steps all the rungs together may spend.</param>
    /// <returns>
    /// The last rung by loss, then those eliminated later before those eliminated earlier (each rung's by loss), then the
    /// untrained as they were; each trained one with its loss and steps at the highest rung it reached. Ties go to the
    /// better-ranked input.
    /// </returns>
    internal static Outcome Run(IReadOnlyList<ScoredCandidate> ranked, Func<CandidateLayout, int, double> trained, int candidates, int budgetSteps)
    {
        var rungs = Rungs(candidates, ranked.Count, budgetSteps);

        // Each rung trains from fresh weights rather than resuming the last: every training is a complete cosine to its own
        // length, and one resumed at its floor rate is not the longer schedule. Their cost is counted in the budget.
        IReadOnlyList<int> alive = [.. Enumerable.Range(0, rungs[0].Candidates)];
        var standings = new List<IReadOnlyList<ScoredCandidate>>();
        foreach (var rung in rungs)
        {
            var standing = alive
                .Select(index => (Index: index, Entry: ranked[index] with { ScratchLoss = trained(ranked[index].Candidate, rung.Steps), ScratchSteps = rung.Steps }))
                .OrderBy(pair => Ranking(pair.Entry.ScratchLoss!.Value))
                .ThenBy(pair => pair.Index)
                .ToList();
            standings.Add([.. standing.Select(pair => pair.Entry)]);
            alive = [.. standing.Take(rung.Candidates / 2).Select(pair => pair.Index).Order()];
        }

        // The last rung's pair is compared, not halved; each earlier rung adds the half it eliminated.
        var eliminated = standings.SkipLast(1).Reverse().SelectMany(standing => standing.Skip(standing.Count / 2));
        return new Outcome([.. standings[^1], .. eliminated, .. ranked.Skip(rungs[0].Candidates)], rungs.Sum(rung => rung.Candidates * rung.Steps));
    }

    // A training that diverged ranks last: ordered as it is, NaN would sort before every loss.
    private static double Ranking(double loss) => double.IsNaN(loss) ? double.PositiveInfinity : loss;
}
