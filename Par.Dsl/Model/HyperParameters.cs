namespace Par.Dsl.Model;

/// <summary>
/// The hyper-parameters of one model. Defaults follow the paper's Transformer-XL Base proportions
/// (NVIDIA's recipe: d_model 512, 8 heads of 64, d_ff = 4·d_model, tgt = mem = 192) with a byte
/// vocabulary, so a file that holds only a layout is a complete, trainable model.
/// </summary>
public sealed record HyperParameters
{
    public const int DefaultDModel = 512;
    public const int DefaultHeadWidth = 64;
    public const int DefaultVocab = 256;
    public const int DefaultContext = 192;
    public const int DefaultMemory = 192;
    public const double DefaultDropout = 0.1;
    public const AttentionKind DefaultAttention = AttentionKind.Xl;
    public const bool DefaultTieEmbeddings = true;

    public static HyperParameters Default { get; } = new();

    /// <summary>The memory a model gets when its file sets none: none at all for an encoder, which keeps no segment memory.</summary>
    public static int DefaultMemoryFor(AttentionKind attention) => attention.IsBidirectional() ? 0 : DefaultMemory;

    /// <summary>Width of the residual stream (<c>d_model</c>).</summary>
    public int DModel { get; init; } = DefaultDModel;

    /// <summary>Attention heads (<c>heads</c>); <c>d_model</c> must be divisible by it.</summary>
    public int Heads { get; init; } = DefaultDModel / DefaultHeadWidth;

    /// <summary>Inner width of the feed-forward block (<c>d_ff</c>).</summary>
    public int DFeedForward { get; init; } = 4 * DefaultDModel;

    /// <summary>Vocabulary size (<c>vocab</c>).</summary>
    public int Vocab { get; init; } = DefaultVocab;

    /// <summary>Tokens per segment (<c>context</c>, Transformer-XL's tgt_len).</summary>
    public int Context { get; init; } = DefaultContext;

    /// <summary>Cached hidden states per attention layer (<c>memory</c>, Transformer-XL's mem_len); 0 for a bidirectional model.</summary>
    public int Memory { get; init; } = DefaultMemory;

    /// <summary>Dropout probability (<c>dropout</c>), in [0, 1).</summary>
    public double Dropout { get; init; } = DefaultDropout;

    /// <summary>Attention kind (<c>attention</c>: <c>xl</c>, <c>causal</c> or <c>bidirectional</c>).</summary>
    public AttentionKind Attention { get; init; } = DefaultAttention;

    /// <summary>Whether the output projection shares the token embedding's weights (<c>tie_embeddings</c>).</summary>
    public bool TieEmbeddings { get; init; } = DefaultTieEmbeddings;

    /// <summary>Width of one head: <c>d_model / heads</c>.</summary>
    public int HeadWidth => DModel / Heads;
}
