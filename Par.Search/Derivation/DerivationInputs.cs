using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// What derivation takes from a finished search: its space, final probabilities and trained supernet (for inherited
/// scores), the latency table and budget, the data split the search trained on, and the training recipe. Layouts are
/// scored by <see cref="Evaluator"/> and trained by <see cref="Trainer"/>, as every model in Par is.
/// </summary>
public sealed record DerivationInputs
{
    // Held-out segments a trained layout is scored on: four times the inherited scores' default, since trained layouts
    // differ by a percent or two and scoring is cheap beside training.
    private const int TrainedSegments = 32;

    /// <summary>The searched space.</summary>
    public required SearchSpace Space { get; init; }

    /// <summary>The search's final probabilities, one row per space layer.</summary>
    public required IReadOnlyList<LayerProbabilities> Probabilities { get; init; }

    /// <summary>The trained supernet, whose pinned paths (<see cref="Pinned"/>) give inherited scores.</summary>
    internal Supernet Supernet { get; init; } = null!;

    /// <summary>The split the supernet's weights trained on, which from-scratch trainings train on.</summary>
    public required TokenStream WeightData { get; init; }

    /// <summary>The split the architecture steps learned from, which layouts are scored on (never the validation set).</summary>
    public required TokenStream HeldOut { get; init; }

    /// <summary>Block latencies, to price layouts; null without a latency objective.</summary>
    public BlockLatencyTable? Table { get; init; }

    /// <summary>The latency every candidate must keep (table milliseconds); null for none.</summary>
    public double? BudgetMs { get; init; }

    public required DerivationOptions Options { get; init; }

    /// <summary>The search's weight steps, which <see cref="DerivationOptions.HalvingStepsShare"/> multiplies.</summary>
    public required int SearchSteps { get; init; }

    /// <summary>How a layout trains (batch, context, objective, learning rate, warm-up, floor, decay, clip, seed); each training sets its steps.</summary>
    public required TrainingOptions Recipe { get; init; }

    /// <summary>The data's tokenizer; a masked <see cref="Recipe"/> (an encoder space) needs its <c>[MASK]</c> token, to train and to score.</summary>
    public ITokenizer? Tokenizer { get; init; }

    /// <summary>Where layouts train and run (CPU when null): the supernet's device.</summary>
    public Device? Device { get; init; }

    /// <summary>Reports what the derivation is doing; null reports nothing.</summary>
    public Action<DerivationProgress>? Report { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>Replaces the inherited scores (tests score hand-made layouts without a supernet); null scores on the supernet.</summary>
    internal Func<CandidateLayout, double>? InheritedLossOf { get; init; }

    /// <summary>Replaces the trainings (tests give hand-made losses); null trains by <see cref="Trainer"/>.</summary>
    internal Func<CandidateLayout, int, double>? TrainedLossOf { get; init; }

    /// <summary>The recipe for a training of <paramref name="steps"/> steps, its warm-up never longer than the training.</summary>
    public TrainingOptions RecipeFor(int steps) => Recipe with { Steps = steps, WarmupSteps = Math.Min(Recipe.WarmupSteps, steps) };

    /// <summary>
    /// The supernet with every mixed layer pinned to the candidate's choice, as a model to score or train (training it
    /// moves the supernet's weights: put them back before the next candidate is scored).
    /// </summary>
    public PinnedSupernetPath Pinned(CandidateLayout candidate) => new(
        Supernet,
        ArchitectureSample.OfPaths(Enumerable.Range(0, Space.LayerCount).Where(index => Space.Layers[index].IsChoice).Select(index => candidate.Choices[index]).ToList()),
        candidate.Layout,
        Space.HyperParameters);

    /// <summary>The candidate's held-out loss with the supernet's weights, over <paramref name="segments"/> (default <see cref="DerivationOptions.Segments"/>).</summary>
    public double InheritedLoss(CandidateLayout candidate, int? segments = null)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (InheritedLossOf is { } scorer)
        {
            return scorer(candidate);
        }

        return HeldOutLoss(Pinned(candidate), segments ?? Options.Segments);
    }

    /// <summary>
    /// The candidate's held-out loss after training it as a model of its own from fresh weights (the search's seed) for
    /// <paramref name="steps"/> steps on the weight split; NaN when the training diverged, which ranks it last.
    /// </summary>
    public double TrainedLoss(CandidateLayout candidate, int steps)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (TrainedLossOf is { } trainer)
        {
            return trainer(candidate, steps);
        }

        var recipe = RecipeFor(steps);
        random.manual_seed(recipe.Seed);
        using var model = LayoutModel.Create(new ParModel("Candidate", candidate.Layout, Space.HyperParameters), Device);
        try
        {
            new Trainer(model, new TrainingData(WeightData, null, Tokenizer, string.Empty), recipe).Run(cancellation: Cancellation);
        }
        catch (TrainingDivergedException)
        {
            return double.NaN;
        }

        Cancellation.ThrowIfCancellationRequested();
        return HeldOutLoss(model, TrainedSegments);
    }

    // Next-token loss, or an encoder's loss on its masked positions: what the layout's training minimised.
    private double HeldOutLoss(IParLanguageModel model, int segments) => Recipe.Objective == TrainingObjective.MaskedLanguageModel
        ? Evaluator.EvaluateMasked(model, HeldOut, Recipe.Batch, Recipe.Context, MaskToken, segments).Loss
        : Evaluator.Evaluate(model, HeldOut, Recipe.Batch, Recipe.Context, LossUnit.BitsPerByte, segments).Loss;

    private int MaskToken => Tokenizer?.MaskToken
        ?? throw new InvalidOperationException($"An encoder space's layouts are scored on masked positions, which needs the data's tokenizer with {Text.MaskToken.Text}.");
}
