using Par.Search;
using Par.Search.Derivation;
using Par.Search.Gradients;
using Par.Search.Latency;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// What the user chose on the <c>par search</c> command line for the search itself; unset values keep the
/// defaults of whatever they are applied to (the main job's or a plain search's).
/// </summary>
/// <param name="SearchSteps">The main job's search steps, or null for its default share of the training steps.</param>
/// <param name="LatencyTable">The block latency cache file to use instead of the one beside the output, or null.</param>
/// <param name="Latency">The latency loss's form and budget as given (each part null when not given).</param>
/// <param name="Derivation">How the found layout is derived, or null for the default.</param>
internal sealed record SearchChoices(
    int? Steps, int? SearchSteps, int Seed, SamplingMode Sampling, PathGradient PathGradient, double? LatencyWeight, double? LatencyExponent, string? LatencyTable, Device Device,
    LatencyChoices Latency, DerivationMode? Derivation, double? IdentityPenalty)
{
    /// <summary>Rejects values no search can use, before any work starts.</summary>
    /// <param name="searchingAFile">False for the main job, whose latency loss is on by default.</param>
    public SearchChoices Validated(bool searchingAFile)
    {
        if (SearchSteps is not null && searchingAFile)
        {
            throw new UsageException("--search-steps: a file search trains nothing after it; its length is --steps.");
        }

        Latency.Validate();
        if (IdentityPenalty > 0 && Sampling == SamplingMode.SinglePath && PathGradient == PathGradient.Reinforce)
        {
            throw new UsageException("--identity-penalty: single-path REINFORCE scores sampled paths and has no logit gradient to add it to; use soft search or --path-gradient straight-through.");
        }

        if (LatencyTable is not null && searchingAFile && ApplyTo(new SearchOptions()).LatencyWeight <= 0)
        {
            throw new UsageException("--latency-table: this search has no latency loss (a file's default); add --latency-weight α to use one.");
        }

        return this;
    }

    public SearchOptions ApplyTo(SearchOptions options)
    {
        var form = Latency.FormOr(options.LatencyLoss);
        return options with
        {
            Seed = Seed,
            Sampling = Sampling,
            PathGradient = PathGradient,
            LatencyLoss = form,
            LatencyWeight = LatencyWeight ?? Latency.WeightFor(form, options),
            LatencyExponent = LatencyExponent ?? options.LatencyExponent,
            LatencyTarget = Latency.Target ?? options.LatencyTarget,
            LatencyTargetMs = Latency.TargetMs ?? options.LatencyTargetMs,
            Derivation = Derivation ?? options.Derivation,
            IdentityPenalty = IdentityPenalty ?? options.IdentityPenalty,
            Device = Device,
        };
    }
}
