namespace Par.Dsl.Model;

public static class BlockKindExtensions
{
    /// <summary>The block's letter in the DSL: <c>s</c>, <c>f</c> or <c>-</c>.</summary>
    public static char Letter(this BlockKind kind) => kind switch
    {
        BlockKind.SelfAttention => 's',
        BlockKind.FeedForward => 'f',
        _ => '-',
    };
}
