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

    /// <summary>The block a letter the grammar accepted stands for: <c>s</c>, <c>f</c>, and the identity for <c>-</c>.</summary>
    public static BlockKind FromLetter(char letter) => letter switch
    {
        's' => BlockKind.SelfAttention,
        'f' => BlockKind.FeedForward,
        _ => BlockKind.Identity,
    };
}
