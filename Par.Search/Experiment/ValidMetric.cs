using System;
using Par.Runtime.Data;
using Par.Text;

namespace Par.Search.Experiment;

/// <summary>
/// How an experiment reports its models' validation loss: in nats on the built-in corpus (whose tokens are not text),
/// and in the unit the field uses on text, bits per byte for bytes and perplexity for words.
/// </summary>
/// <param name="Name">The column's heading, e.g. <c>valid bpc</c>.</param>
/// <param name="JsonName">Its key in JSON output, e.g. <c>valid_bpc</c>.</param>
/// <param name="Unit">The loss unit; null for nats.</param>
public sealed record ValidMetric(string Name, string JsonName, LossUnit? Unit)
{
    public static readonly ValidMetric Nats = new("valid loss", "valid_loss", null);

    /// <summary>An encoder's: the loss on the masked positions, in nats, as BERT reports it.</summary>
    public static readonly ValidMetric Masked = new("masked loss", "valid_masked_loss", null);

    /// <summary>The metric for a corpus: nats for the built-in one, else the tokenizer's unit.</summary>
    public static ValidMetric For(ITokenizer tokenizer, bool builtInCorpus) => builtInCorpus
        ? Nats
        : tokenizer.LossUnit switch
        {
            LossUnit.BitsPerByte => new ValidMetric("valid bpc", "valid_bpc", LossUnit.BitsPerByte),
            LossUnit.Perplexity => new ValidMetric("valid ppl", "valid_ppl", LossUnit.Perplexity),
            _ => Nats,
        };

    /// <summary>The metric of a loss in nats per token.</summary>
    public double Of(double lossNats) => Unit switch
    {
        LossUnit.BitsPerByte => lossNats / Math.Log(2),
        LossUnit.Perplexity => Math.Exp(lossNats),
        _ => lossNats,
    };
}
