using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Par.Runtime.Training;

/// <summary>Writes the training history beside the checkpoint: <c>curves.png</c> (ScottPlot) and <c>history.csv</c>.</summary>
public static class TrainingCurves
{
    public const string PlotFileName = "curves.png";
    public const string HistoryFileName = "history.csv";

    public static void Write(IReadOnlyList<TrainingRecord> history, string folder)
    {
        Directory.CreateDirectory(folder);
        WriteCsv(history, Path.Combine(folder, HistoryFileName));
        WritePlot(history, Path.Combine(folder, PlotFileName));
    }

    private static void WriteCsv(IReadOnlyList<TrainingRecord> history, string path)
    {
        var lines = history.Select(record => string.Join(
            ",",
            record.Step.ToString(CultureInfo.InvariantCulture),
            record.TrainLoss.ToString("R", CultureInfo.InvariantCulture),
            record.ValidLoss?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty));
        File.WriteAllLines(path, new[] { "step,train_loss,valid_loss" }.Concat(lines));
    }

    private static void WritePlot(IReadOnlyList<TrainingRecord> history, string path)
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
        plot.SavePng(path, 900, 500);
    }
}
