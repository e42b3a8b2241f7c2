using System;
using Par.Dsl.Model;
using Par.Search.Options;

namespace Par.Search.Latency;

/// <summary>
/// How latency enters the architecture loss: not at all (<see cref="Weight"/> 0, the default), FBNet's price
/// <c>CE · α · log(LAT)^β</c> (α = <see cref="Weight"/>, β = <see cref="Exponent"/>), or a budget
/// <c>CE + λ · max(0, LAT / target − 1)</c> (λ = <see cref="Weight"/>, target <see cref="TargetMs"/> or
/// <see cref="Target"/> of the interleaved baseline <c>(sf)</c> at the space's depth, both of a whole model:
/// <see cref="BlockLatencyTable.BlockBudgetMs"/>; a set <see cref="TargetMs"/> overrides the fraction), LAT from a table.
/// </summary>
public sealed record LatencyObjective
{
    /// <summary>FBNet's default α when the latency loss is switched on without a value of its own.</summary>
    public const double FbnetWeight = 0.2;

    /// <summary>FBNet's β.</summary>
    public const double FbnetExponent = 0.6;

    /// <summary>λ of the budget's hinge when none is given: one unit of loss per 100% over the budget.</summary>
    public const double DefaultBudgetWeight = 1.0;

    /// <summary>PAR Base's latency over Transformer-XL Base's in the paper's Table 2: 9.9 / 15.2 ms.</summary>
    public const double DefaultTarget = 0.65;

    /// <summary>The paper's inference memory in segments (<see cref="InferenceMemorySegments"/>): 640 tokens over a 64-token segment.</summary>
    public const int PaperInferenceSegments = 10;

    /// <summary>No latency term: the search looks for loss alone.</summary>
    public static LatencyObjective Off { get; } = new();

    public LatencyLossForm Form { get; init; } = LatencyLossForm.Fbnet;

    public double Weight { get; init => field = OptionChecks.NotNegative(value, nameof(Weight)); }

    public double Exponent { get; init => field = OptionChecks.NotNegative(value, nameof(Exponent)); } = FbnetExponent;

    public double Target { get; init => field = OptionChecks.Positive(value, nameof(Target)); } = DefaultTarget;

    public double? TargetMs { get; init => field = value is { } ms ? OptionChecks.Positive(ms, nameof(TargetMs)) : null; }

    /// <summary>Null: the model's own. The paper times a segment over ten, where attention costs about three feed-forwards.</summary>
    public int? InferenceMemorySegments { get; init => field = value is { } segments ? OptionChecks.AtLeast(segments, 0, nameof(InferenceMemorySegments)) : null; }

    /// <summary>
    /// The shape blocks and models are timed at: <paramref name="hp"/> over <see cref="InferenceMemorySegments"/> when set
    /// and the attention reads a memory (xl); causal and bidirectional models are timed on one <c>context</c>-token
    /// sequence, an encoder's inference shape as BERT's.
    /// </summary>
    public HyperParameters TimedShape(HyperParameters hp) =>
        InferenceMemorySegments is { } segments && hp.Attention.HasSegmentMemory() ? hp with { Memory = segments * hp.Context } : hp;

    public bool IsOn => Weight > 0;

    /// <summary>A budget is in force: the latency term is on and has the budget form.</summary>
    public bool HasBudget => IsOn && Form == LatencyLossForm.Budget;

    /// <summary>The latency term of the architecture loss, for reports and provenance.</summary>
    public string Describe() => (IsOn, Form) switch
    {
        (false, _) => "off",
        (true, LatencyLossForm.Budget) => TargetMs is { } targetMs
            ? FormattableString.Invariant($"CE + {Weight:0.###} · max(0, LAT / {targetMs:0.###} ms − 1)")
            : FormattableString.Invariant($"CE + {Weight:0.###} · max(0, LAT / budget − 1), budget {Target:0.###} of the interleaved baseline"),
        _ => FormattableString.Invariant($"CE · {Weight:0.###} · log(LAT µs)^{Exponent:0.###}"),
    };
}
