using System;
using System.Globalization;
using Par.Runtime;
using Par.Runtime.Training;
using Spectre.Console;

namespace Par.Cli.Console;

/// <summary>
/// Shows training as it goes: a live Spectre progress bar (step, loss, tokens/s, ETA) on a terminal,
/// or one plain line per report when output is redirected (logs), or nothing with --json.
/// </summary>
internal static class TrainingProgressDisplay
{
    public static T Run<T>(CliOutput output, string title, int totalSteps, Func<IProgress<TrainingProgress>, T> work)
    {
        if (output.ShowsProgress)
        {
            return AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(title), maxValue: totalSteps);
                    return work(new SynchronousProgress<TrainingProgress>(report =>
                    {
                        task.Value = report.Step;
                        task.Description = Markup.Escape($"{title}  step {report.Step}/{report.TotalSteps}  {Describe(report)}");
                    }));
                });
        }

        if (output.ShowsHumanOutput)
        {
            return work(new SynchronousProgress<TrainingProgress>(report =>
                System.Console.Error.WriteLine($"{title}  step {report.Step}/{report.TotalSteps}  {Describe(report)}  eta {report.EstimatedRemaining:hh\\:mm\\:ss}")));
        }

        return work(new SynchronousProgress<TrainingProgress>(_ => { }));
    }

    private static string Describe(TrainingProgress report) => string.Format(
        CultureInfo.InvariantCulture,
        "loss {0:F3}  lr {1:E1}  {2:N0} tok/s",
        report.Loss,
        report.LearningRate,
        report.TokensPerSecond);
}
