using Par.Dsl.Model;

namespace Par.Runtime.Data;

/// <summary>The spelling of each objective (<c>--objective clm|mlm</c>), and which objective fits which attention.</summary>
public static class TrainingObjectiveNames
{
    public static EnumNames<TrainingObjective> All { get; } = new(
        (TrainingObjective.CausalLanguageModel, "clm"), (TrainingObjective.MaskedLanguageModel, "mlm"));

    public static string Name(this TrainingObjective objective) => All.Of(objective);

    /// <summary>The objective a model trains with when none is named: an encoder masked, every other kind causal.</summary>
    public static TrainingObjective DefaultFor(AttentionKind attention) =>
        attention.IsBidirectional() ? TrainingObjective.MaskedLanguageModel : TrainingObjective.CausalLanguageModel;

    /// <summary>
    /// Why <paramref name="objective"/> cannot train a model with <paramref name="attention"/>, or null when it can.
    /// The pairs are fixed: a causal model never sees the tokens it would fill in, and an encoder sees the very next
    /// token it would be asked to predict.
    /// </summary>
    public static string? Refusal(this TrainingObjective objective, AttentionKind attention) => (objective, attention.IsBidirectional()) switch
    {
        (TrainingObjective.MaskedLanguageModel, false) =>
            $"a model with {attention.Name()} attention cannot train as a masked language model (mlm): it never sees the later tokens around a [MASK]. Use clm, or attention = bidirectional.",
        (TrainingObjective.CausalLanguageModel, true) =>
            "a model with bidirectional attention cannot train as a causal language model (clm): it would see the very token it is asked to predict. Use mlm, or attention = causal.",
        _ => null,
    };
}
