using System;
using Par.Runtime.Data;

namespace Par.Runtime.Evaluation;

/// <summary>
/// Loss of a model over a stream, in nats per token, with the conventional figure for its
/// <see cref="Unit"/>; recall figures are present when the stream has a recall mask. For an encoder
/// (<see cref="MaskedAccuracy"/> present) the loss, the token count and the perplexity are those of the masked
/// positions alone.
/// </summary>
public sealed record EvaluationResult(double Loss, long Tokens, LossUnit Unit, double? RecallLoss, long RecallTokens, double? RecallAccuracy, double? MaskedAccuracy = null)
{
    /// <summary>True for a masked-language-model evaluation.</summary>
    public bool IsMasked => MaskedAccuracy is not null;

    public double BitsPerToken => Loss / Math.Log(2);

    public double Perplexity => Math.Exp(Loss);

    /// <summary>Bits per byte for bytes, perplexity for words, bits per token otherwise.</summary>
    public double Headline => IsMasked || Unit == LossUnit.Perplexity ? Perplexity : BitsPerToken;

    public string HeadlineName => IsMasked ? "masked ppl" : Unit switch
    {
        LossUnit.BitsPerByte => "bpc",
        LossUnit.Perplexity => "ppl",
        _ => "bits/token",
    };
}
