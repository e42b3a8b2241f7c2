using Par.Search;
using Par.Search.Gradients;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// What the user chose on the <c>par search</c> command line for the search itself; unset values keep the
/// defaults of whatever they are applied to (the main job's or a plain search's).
/// </summary>
internal sealed record SearchChoices(int? Steps, int Seed, SamplingMode Sampling, PathGradient PathGradient, double? LatencyWeight, double? LatencyExponent, Device Device)
{
    /// <summary>Rejects values no search can use, before any work starts.</summary>
    public SearchChoices Validated()
    {
        if (Steps is < 1)
        {
            throw new UsageException($"--steps: expected a positive number, got {Steps}.");
        }

        if (LatencyWeight is < 0)
        {
            throw new UsageException($"--latency-weight: expected 0 (off) or a positive α, got {LatencyWeight}.");
        }

        if (LatencyExponent is < 0)
        {
            throw new UsageException($"--latency-exponent: expected β >= 0, got {LatencyExponent}.");
        }

        return this;
    }

    public SearchOptions ApplyTo(SearchOptions options) => options with
    {
        Seed = Seed,
        Sampling = Sampling,
        PathGradient = PathGradient,
        LatencyWeight = LatencyWeight ?? options.LatencyWeight,
        LatencyExponent = LatencyExponent ?? options.LatencyExponent,
        Device = Device,
    };
}
