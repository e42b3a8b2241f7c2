using System;
using Par.Runtime.Data;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Evaluation;

/// <summary>
/// Evaluates a model over a stream the way Transformer-XL does: in eval mode without gradients,
/// segment after segment with the memory carried across them. An encoder is scored on masked positions instead
/// (<see cref="EvaluateMasked"/>).
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// The masking seed of every evaluation: the validation and test positions an encoder is scored on are the same for
    /// every run, whatever seed it trained with, so runs compare on the same questions.
    /// </summary>
    public const long MaskingSeed = 0;

    /// <summary>
    /// <see cref="Evaluate(IParLanguageModel, TokenStream, int, int, LossUnit, int)"/> for a causal objective,
    /// <see cref="EvaluateMasked"/> for a masked one (which needs <paramref name="tokenizer"/>'s mask token).
    /// </summary>
    public static EvaluationResult Evaluate(IParLanguageModel model, TokenStream stream, int batch, int context, ITokenizer tokenizer, TrainingObjective objective, int maxSegments = 0) =>
        objective == TrainingObjective.MaskedLanguageModel
            ? EvaluateMasked(model, stream, batch, context, tokenizer.MaskToken ?? throw new ArgumentException($"The {tokenizer.Name} tokenizer has no {MaskToken.Text} token to evaluate a masked language model with.", nameof(tokenizer)), maxSegments)
            : Evaluate(model, stream, batch, context, tokenizer.LossUnit, maxSegments);

    /// <summary>
    /// Masked-token loss (nats per masked position), accuracy and perplexity of an encoder over the first
    /// <paramref name="maxSegments"/> segments (all when 0) of <paramref name="stream"/>: each segment's rows of
    /// <paramref name="context"/> tokens are masked as in training (<see cref="TokenMasking"/>, under <see cref="MaskingSeed"/>)
    /// and only the chosen positions are scored. The model's train/eval mode is restored afterwards.
    /// </summary>
    public static EvaluationResult EvaluateMasked(IParLanguageModel model, TokenStream stream, int batch, int context, int maskToken, int maxSegments = 0)
    {
        double lossSum = 0;
        long chosen = 0, correct = 0;
        ScoreSegments(model, stream, batch, context, maxSegments, (segment, device) =>
        {
            var (inputs, targets) = TokenMasking.Mask(segment.Inputs, maskToken, MaskingSeed, segment.Index);
            var logits = model.forward(inputs.to(device));
            var flatLogits = logits.reshape(-1, logits.shape[^1]);
            var flatTargets = targets.to(device).reshape(-1);
            using var notChosen = TokenMasking.NotChosen.ToScalar();
            var isChosen = flatTargets.ne(notChosen);
            lossSum += nn.functional.cross_entropy(flatLogits, flatTargets, reduction: nn.Reduction.Sum).item<float>();
            chosen += isChosen.sum().item<long>();
            correct += flatLogits.argmax(-1).eq(flatTargets).logical_and(isChosen).sum().item<long>();
        });

        return new EvaluationResult(lossSum / chosen, chosen, LossUnit.Perplexity, null, 0, null, (double)correct / chosen);
    }

    /// <summary>
    /// Mean loss over the first <paramref name="maxSegments"/> segments (all full segments when 0) of
    /// <paramref name="stream"/>, cut into <paramref name="batch"/> rows of <paramref name="context"/> tokens.
    /// The model's train/eval mode is restored afterwards.
    /// </summary>
    public static EvaluationResult Evaluate(IParLanguageModel model, TokenStream stream, int batch, int context, LossUnit unit, int maxSegments = 0)
    {
        double lossSum = 0, recallLossSum = 0;
        long tokens = 0, recallTokens = 0, recallCorrect = 0;
        using var memory = model.CreateMemory();
        ScoreSegments(model, stream, batch, context, maxSegments, (segment, device) =>
        {
            var logits = model.forward(segment.Inputs.to(device), memory);
            var flatTargets = segment.Targets.to(device).reshape(-1);
            var losses = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), flatTargets, reduction: nn.Reduction.None);
            lossSum += losses.sum().item<float>();
            tokens += flatTargets.shape[0];
            if (segment.RecallMask is not null)
            {
                var mask = segment.RecallMask.to(device).reshape(-1);
                recallLossSum += losses.masked_select(mask).sum().item<float>();
                recallTokens += mask.sum().item<long>();
                var correct = logits.reshape(-1, logits.shape[^1]).argmax(-1).eq(flatTargets).logical_and(mask);
                recallCorrect += correct.sum().item<long>();
            }
        });

        return new EvaluationResult(
            lossSum / tokens,
            tokens,
            unit,
            recallTokens > 0 ? recallLossSum / recallTokens : null,
            recallTokens,
            recallTokens > 0 ? (double)recallCorrect / recallTokens : null);
    }

    /// <summary>
    /// Hands <paramref name="score"/> the first <paramref name="maxSegments"/> segments (all when 0) in turn, each in its
    /// own dispose scope, with the model in eval mode and without gradients; restores the model's mode afterwards.
    /// </summary>
    private static void ScoreSegments(IParLanguageModel model, TokenStream stream, int batch, int context, int maxSegments, Action<Segment, Device> score)
    {
        var batcher = new StreamBatcher(stream, batch, context);
        var segments = maxSegments > 0 ? Math.Min(maxSegments, batcher.SegmentsPerPass) : batcher.SegmentsPerPass;
        var module = model.AsModule();
        var device = model.ParameterDevice();
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            for (var i = 0; i < segments; i++)
            {
                using var scope = NewDisposeScope();
                score(batcher.Next(), device);
            }
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
