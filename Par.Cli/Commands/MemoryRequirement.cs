using Par.Dsl.Model;
using Par.Runtime.Models;

namespace Par.Cli.Commands;

/// <summary>Refuses, as bad usage naming the settings, a model and batch whose step cannot fit in the memory available.</summary>
internal static class MemoryRequirement
{
    /// <param name="batchOption">The option that set the batch, to name it in the advice (e.g. --batch, or --set batch).</param>
    public static void Require(ParModel model, int batch, bool training, string batchOption)
    {
        var estimate = MemoryEstimate.For(model, batch, training);
        var available = MemoryEstimate.AvailableBytes();
        if (estimate.TotalBytes <= available)
        {
            return;
        }

        var hp = model.HyperParameters;
        var attended = hp.Attention == AttentionKind.Xl ? $"context + memory = {hp.Context + hp.Memory}" : $"context = {hp.Context}";
        throw new UsageException(
            $"{model.Name} needs at least {MemoryEstimate.Format(estimate.TotalBytes)} of memory to {(training ? "train" : "run")} with {batchOption} {batch}, " +
            $"context {hp.Context}, memory {hp.Memory}, heads {hp.Heads}, d_model {hp.DModel} and {model.LayerCount} layers " +
            $"(attention scores of {batch} x {hp.Heads} heads x {hp.Context} x ({attended}) floats = {MemoryEstimate.Format(estimate.AttentionScoreBytes)} per attention layer; " +
            $"parameters {MemoryEstimate.Format(estimate.ParameterBytes)}), but only {MemoryEstimate.Format(available)} is available. " +
            $"Lower context, memory or {batchOption}.");
    }
}
