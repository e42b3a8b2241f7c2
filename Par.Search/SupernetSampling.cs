using System;
using Par.Search.Gradients;
using Par.Search.Options;

namespace Par.Search;

/// <summary>
/// How the search samples the supernet: FBNet's soft Gumbel-softmax mixing on an annealed temperature, or
/// ProxylessNAS' single paths with one of two gradients for the logits.
/// </summary>
public sealed record SupernetSampling
{
    /// <summary>FBNet's temperature after its 90 epochs: 5 · exp(-0.045 · 90).</summary>
    public static readonly double FbnetFinalTemperature = 5.0 * Math.Exp(-0.045 * 90);

    public SamplingMode Mode { get; init; } = SamplingMode.Soft;

    /// <summary>The logits' estimator in <see cref="SamplingMode.SinglePath"/> search (ignored by soft search).</summary>
    public PathGradient PathGradient { get; init; } = PathGradient.Reinforce;

    /// <summary>Default: FBNet's end after its 90 epochs, so near-one-hot samples at the end judge real sub-networks.</summary>
    public double FinalTemperature { get; init => field = OptionChecks.Positive(value, nameof(FinalTemperature)); } = FbnetFinalTemperature;

    /// <summary>Every block trains equally however the logits move (SPOS, FairNAS); off: FBNet's weight steps.</summary>
    public bool UniformWeightSteps { get; init; }

    /// <summary>Single-path REINFORCE: architecture steps score whole sampled paths without gradient through the loss.</summary>
    public bool ScoresSampledPaths => Mode == SamplingMode.SinglePath && PathGradient == PathGradient.Reinforce;

    /// <summary>The architecture loss reaches the logits by gradient (soft, or straight-through), so terms in the probabilities can join it.</summary>
    public bool HasLogitGradient => !ScoresSampledPaths;

    /// <summary>The sampling mode and, for single-path search, the logits' estimator, for reports and provenance.</summary>
    public string Describe() => Mode switch
    {
        SamplingMode.SinglePath when PathGradient == PathGradient.Reinforce => "single-path sampling (ProxylessNAS), REINFORCE on paired paths",
        SamplingMode.SinglePath => "single-path sampling (ProxylessNAS), straight-through binary gates",
        _ when UniformWeightSteps => "soft Gumbel-softmax mixing (FBNet), weight steps around uniform logits",
        _ => "soft Gumbel-softmax mixing (FBNet)",
    };

    /// <summary>The temperature line of reports: the schedule in soft search; single-path search does not use one.</summary>
    internal string DescribeTemperature(Schedules.TemperatureSchedule schedule, double finalTemperature) => Mode == SamplingMode.Soft
        ? FormattableString.Invariant($"{schedule.Describe()}; final {finalTemperature:0.000}")
        : "not used (single-path search draws paths from softmax(θ))";
}
