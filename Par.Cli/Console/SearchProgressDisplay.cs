using System;
using System.Globalization;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime;
using Par.Search;
using Par.Search.Experiment;
using Par.Search.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Par.Cli.Console;

/// <summary>
/// The live view of a search: a table of per-layer probabilities (p(s), p(f), p(-), the current choice)
/// under a status line, redrawn as reports arrive; plain status lines on stderr when output is redirected
/// (the first of each stage and search phase, then one every few seconds).
/// </summary>
internal static class SearchProgressDisplay
{
    public static T Run<T>(CliOutput output, Func<IProgress<ExperimentProgress>, T> work)
    {
        if (output.ShowsProgress)
        {
            return AnsiConsole.Live(new Markup("starting...")).AutoClear(false).Start(context =>
                work(new SynchronousProgress<ExperimentProgress>(report =>
                {
                    context.UpdateTarget(Render(report));
                    context.Refresh();
                })));
        }

        var lastLine = DateTime.MinValue;
        (ExperimentStage, SearchPhase?, DerivationActivity?, string?)? lastPart = null;
        return work(new SynchronousProgress<ExperimentProgress>(report =>
        {
            // A line when each part of the run begins, so a log shows every stage however fast it went by,
            // then one at most every few seconds: enough to follow in a log without flooding it.
            var part = (report.Stage, report.Search?.Phase, report.Search?.Derivation?.Activity, report.Model);
            if (output.ShowsHumanOutput && (part != lastPart || (DateTime.UtcNow - lastLine).TotalSeconds >= 5))
            {
                lastLine = DateTime.UtcNow;
                lastPart = part;
                System.Console.Error.WriteLine(Status(report));
            }
        }));
    }

    private static IRenderable Render(ExperimentProgress report)
    {
        var status = new Markup(Markup.Escape(Status(report)));
        if (report.Search is not { } search)
        {
            return status;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("layer", "p(s)", "p(f)", "p(-)", "choice");
        foreach (var layer in search.Layers)
        {
            var choice = layer.MostProbable;
            table.AddRow(
                layer.Layer.ToString(CultureInfo.InvariantCulture),
                Probability(layer, BlockKind.SelfAttention, choice),
                Probability(layer, BlockKind.FeedForward, choice),
                Probability(layer, BlockKind.Identity, choice),
                choice.Letter().ToString());
        }

        return new Rows(status, table);
    }

    private static string Probability(LayerProbabilities layer, BlockKind kind, BlockKind choice)
    {
        var text = layer.Of(kind).ToString("F2", CultureInfo.InvariantCulture);
        return kind == choice ? $"[bold]{text}[/]" : text;
    }

    private static string Status(ExperimentProgress report) => report switch
    {
        { Search: { Derivation: { } derivation } search } => string.Format(
            CultureInfo.InvariantCulture,
            "deriving  {0}  elapsed {1}",
            Describe(derivation),
            Clock(search.Elapsed)),
        { Search: { } search } => string.Format(
            CultureInfo.InvariantCulture,
            "searching  step {0}/{1}  {2}{3}  loss {4:F3}{5}  elapsed {6}{7}",
            search.Step,
            search.TotalSteps,
            search.Phase,
            search.Temperature is { } temperature ? string.Format(CultureInfo.InvariantCulture, "  temperature {0:F2}", temperature) : string.Empty,
            search.WeightLoss,
            search.ExpectedLatencyMs is { } latency ? string.Format(CultureInfo.InvariantCulture, "  expected latency {0:F2} ms", latency) : string.Empty,
            Clock(search.Elapsed),
            search.EstimatedRemaining is { } remaining ? $"  eta {Clock(remaining)}" : string.Empty),
        { Training: { } training } => string.Format(
            CultureInfo.InvariantCulture,
            "{0}  step {1}/{2}  loss {3:F3}  {4:N0} tok/s  eta {5}",
            report.Stage switch
            {
                ExperimentStage.TrainingBaseline => "training the baseline",
                ExperimentStage.TrainingFound => "training the found model",
                _ => $"training {report.Model}",
            },
            training.Step,
            training.TotalSteps,
            training.Loss,
            training.TokensPerSecond,
            Clock(training.EstimatedRemaining)),
        _ => report.Stage switch
        {
            ExperimentStage.MeasuringBlockLatency => "block latency table: reading the cache, measuring once if it has none...",
            ExperimentStage.Evaluating => "evaluating and timing the models...",
            _ => report.Stage.ToString(),
        },
    };

    /// <summary>One derivation report in words, e.g. "training `sffsffff` from scratch (3 of at most 8)".</summary>
    internal static string Describe(DerivationProgress derivation) => derivation.Activity switch
    {
        DerivationActivity.Scoring => string.Create(CultureInfo.InvariantCulture, $"scoring layouts with the supernet's weights ({derivation.Done} of at most {derivation.Total})"),
        DerivationActivity.FineTuning => string.Create(CultureInfo.InvariantCulture, $"fine-tuning `{derivation.Layout}` ({derivation.Done + 1} of {derivation.Total})"),
        DerivationActivity.TrainingFromScratch => string.Create(CultureInfo.InvariantCulture, $"training `{derivation.Layout}` from scratch ({derivation.Done + 1} of at most {derivation.Total})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"timing the {derivation.Total} finalists beside the interleaved baseline"),
    };

    // Minutes and seconds, with hours in front once there are any: a 40k-step search runs for hours.
    private static string Clock(TimeSpan time) => time.TotalHours >= 1
        ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:mm\\:ss}", (int)time.TotalHours, time)
        : time.ToString("mm\\:ss", CultureInfo.InvariantCulture);
}
