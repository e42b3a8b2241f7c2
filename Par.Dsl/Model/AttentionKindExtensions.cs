namespace Par.Dsl.Model;

/// <summary>What each attention kind implies for the rest of the model, asked in one place.</summary>
public static class AttentionKindExtensions
{
    /// <summary>
    /// True for Transformer-XL, whose positions are relative and whose attention reads a segment memory; causal and
    /// bidirectional attention instead add learned absolute positions (one per context position) in the embedding.
    /// </summary>
    public static bool HasSegmentMemory(this AttentionKind kind) => kind == AttentionKind.Xl;

    /// <summary>True when a position may attend to later positions: an encoder, which cannot be trained to predict the next token.</summary>
    public static bool IsBidirectional(this AttentionKind kind) => kind == AttentionKind.Bidirectional;
}
