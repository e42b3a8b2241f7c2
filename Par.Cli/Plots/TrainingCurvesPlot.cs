using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Files;
using Par.Runtime.Training;

namespace Par.Cli.Plots;

/// <summary>
/// Draws <c>curves.png</c> beside each checkpoint of <c>par train</c> (ScottPlot): the training loss per step as a
/// line, the validation loss as points. The runtime only reports the history; drawing is the tool's concern.
/// </summary>
internal static class TrainingCurvesPlot
{
    public const string FileName = "curves.png";

    public static void Write(IReadOnlyList<TrainingRecord> history, string path)
    {
        var plot = new ScottPlot.Plot();
        if (history.Count > 0)
        {
            var train = plot.Add.ScatterLine(history.Select(r => (double)r.Step).ToArray(), history.Select(r => r.TrainLoss).ToArray());
            train.LegendText = "train";
        }

        var validated = history.Where(r => r.ValidLoss.HasValue).ToArray();
        if (validated.Length > 0)
        {
            var valid = plot.Add.Scatter(validated.Select(r => (double)r.Step).ToArray(), validated.Select(r => r.ValidLoss!.Value).ToArray());
            valid.LegendText = "valid";
        }

        plot.XLabel("step");
        plot.YLabel("loss (nats/token)");
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 500, ScottPlot.ImageFormat.Png));
    }
}
