namespace Par.Dsl.Model;

/// <summary>How self-attention sees positions and the past.</summary>
public enum AttentionKind
{
    /// <summary>Transformer-XL relative positional attention over a segment-level memory (the paper's baseline).</summary>
    Xl,

    /// <summary>Plain causal attention with learned absolute positions and no memory.</summary>
    Causal,

    /// <summary>
    /// BERT's encoder attention: every position sees every other one of its sequence (no causal mask), learned
    /// absolute positions, an optional padding mask and no segment memory. Trained as a masked language model.
    /// </summary>
    Bidirectional,
}
