using Par.Search;

namespace Par.Cli.Commands;

/// <summary>
/// What the user chose on the <c>par search</c> command line for the search itself; unset values keep the
/// defaults of whatever they are applied to (the main job's or a plain search's).
/// </summary>
internal sealed record SearchChoices(int? Steps, int Seed, SamplingMode Sampling, double? LatencyWeight, double? LatencyExponent)
{
    public SearchOptions ApplyTo(SearchOptions options) => options with
    {
        Seed = Seed,
        Sampling = Sampling,
        LatencyWeight = LatencyWeight ?? options.LatencyWeight,
        LatencyExponent = LatencyExponent ?? options.LatencyExponent,
    };
}
