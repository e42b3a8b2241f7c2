using System;
using Par.Runtime.Data;
using Par.Text;

namespace Par.Runtime.Evaluation;

/// <summary>
/// Loss of a model over a stream, in nats per token, with the conventional figure for its
/// <see cref="Unit"/>; recall figures are present when the stream has a recall mask.
/// </summary>
public sealed record EvaluationResult(double Loss, long Tokens, LossUnit Unit, double? RecallLoss, long RecallTokens, double? RecallAccuracy)
{
    public double BitsPerToken => Loss / Math.Log(2);

    public double Perplexity => Math.Exp(Loss);

    /// <summary>Bits per byte for bytes, perplexity for words, bits per token otherwise.</summary>
    public double Headline => Unit == LossUnit.Perplexity ? Perplexity : BitsPerToken;

    public string HeadlineName => Unit switch
    {
        LossUnit.BitsPerByte => "bpc",
        LossUnit.Perplexity => "ppl",
        _ => "bits/token",
    };
}
