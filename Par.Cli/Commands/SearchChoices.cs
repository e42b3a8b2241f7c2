using Par.Search;
using Par.Search.Gradients;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// What the user chose on the <c>par search</c> command line for the search itself; unset values keep the
/// defaults of whatever they are applied to (the main job's or a plain search's).
/// </summary>
/// <param name="SearchSteps">The main job's search steps, or null for its default share of the training steps.</param>
/// <param name="LatencyTable">The block latency cache file to use instead of the one beside the output, or null.</param>
internal sealed record SearchChoices(
    int? Steps, int? SearchSteps, int Seed, SamplingMode Sampling, PathGradient PathGradient, double? LatencyWeight, double? LatencyExponent, string? LatencyTable, Device Device)
{
    /// <summary>Rejects values no search can use, before any work starts.</summary>
    /// <param name="searchingAFile">False for the main job, whose latency loss is on by default.</param>
    public SearchChoices Validated(bool searchingAFile)
    {
        if (SearchSteps is not null && searchingAFile)
        {
            throw new UsageException("--search-steps: a file search trains nothing after it; its length is --steps.");
        }

        if (LatencyTable is not null && searchingAFile && (LatencyWeight ?? new SearchOptions().LatencyWeight) <= 0)
        {
            throw new UsageException("--latency-table: this search has no latency loss (a file's default); add --latency-weight α to use one.");
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
