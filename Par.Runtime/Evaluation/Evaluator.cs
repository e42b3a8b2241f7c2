using System;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Evaluation;

/// <summary>
/// Evaluates a model over a stream the way Transformer-XL does: in eval mode without gradients,
/// segment after segment with the memory carried across them.
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// Mean loss over the first <paramref name="maxSegments"/> segments (all full segments when 0) of
    /// <paramref name="stream"/>, cut into <paramref name="batch"/> rows of <paramref name="context"/> tokens.
    /// The model's train/eval mode is restored afterwards.
    /// </summary>
    public static EvaluationResult Evaluate(IParLanguageModel model, TokenStream stream, int batch, int context, LossUnit unit, int maxSegments = 0)
    {
        var batcher = new StreamBatcher(stream, batch, context);
        var segments = maxSegments > 0 ? Math.Min(maxSegments, batcher.SegmentsPerPass) : batcher.SegmentsPerPass;
        var module = model.AsModule();
        var device = model.ParameterDevice();
        var wasTraining = module.training;
        module.eval();
        double lossSum = 0, recallLossSum = 0;
        long tokens = 0, recallTokens = 0, recallCorrect = 0;
        var memory = model.CreateMemory();
        try
        {
            using var noGrad = no_grad();
            for (var i = 0; i < segments; i++)
            {
                using var scope = NewDisposeScope();
                var segment = batcher.Next();
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
            }
        }
        finally
        {
            memory.Dispose();
            module.train(wasTraining);
        }

        return new EvaluationResult(
            lossSum / tokens,
            tokens,
            unit,
            recallTokens > 0 ? recallLossSum / recallTokens : null,
            recallTokens,
            recallTokens > 0 ? (double)recallCorrect / recallTokens : null);
    }
}
