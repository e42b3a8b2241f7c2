namespace Par.Dsl.Model;

/// <summary>The three blocks of the PAR search space (PAR, arXiv 2009.04534): self-attention, feed-forward, identity.</summary>
public enum BlockKind
{
    /// <summary><c>s</c>: x + SelfAttention(LN(x)).</summary>
    SelfAttention,

    /// <summary><c>f</c>: x + FeedForward(LN(x)).</summary>
    FeedForward,

    /// <summary><c>-</c>: x. Only meaningful inside a choice: a searched layer that may vanish.</summary>
    Identity,
}
