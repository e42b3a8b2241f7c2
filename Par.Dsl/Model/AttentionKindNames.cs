namespace Par.Dsl.Model;

public static class AttentionKindNames
{
    /// <summary>The spelling of each kind in <c>attention = ...</c>, and wherever a model's settings are written out.</summary>
    public static EnumNames<AttentionKind> All { get; } = new(
        (AttentionKind.Xl, "xl"), (AttentionKind.Causal, "causal"), (AttentionKind.Bidirectional, "bidirectional"));

    public static string Name(this AttentionKind kind) => All.Of(kind);
}
