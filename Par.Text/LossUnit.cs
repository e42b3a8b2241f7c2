namespace Par.Text;

/// <summary>How a tokenizer's loss is conventionally reported.</summary>
public enum LossUnit
{
    /// <summary>Bits per byte (bpc on enwik8-style byte data).</summary>
    BitsPerByte,

    /// <summary>Perplexity, exp(nats per token), as on WikiText.</summary>
    Perplexity,

    /// <summary>Bits per token, for synthetic vocabularies.</summary>
    BitsPerToken,
}
