using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Files;
using Par.Search.Progress;
using ScottPlot;
using SkiaSharp;

namespace Par.Search.Reporting;

/// <summary>
/// A PNG of how the search made up its mind: one heatmap per candidate (self-attention, feed-forward,
/// identity), layers on the y axis (layer 0 at the bottom, as a network is drawn), recorded steps on the x
/// axis, colour = probability on a fixed 0..1 scale so the panels compare directly.
/// </summary>
public static class ProbabilityHeatmap
{
    private const int PanelWidth = 520;
    private const int PanelHeight = 420;

    private static readonly (BlockKind Kind, string Title)[] Panels =
    [
        (BlockKind.SelfAttention, "p(s): self-attention"),
        (BlockKind.FeedForward, "p(f): feed-forward"),
        (BlockKind.Identity, "p(-): identity"),
    ];

    public static void Write(string path, IReadOnlyList<ProbabilitySnapshot> history)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("No probabilities were recorded.", nameof(history));
        }

        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * Panels.Length, PanelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (var panel = 0; panel < Panels.Length; panel++)
        {
            var png = RenderPanel(history, Panels[panel].Kind, Panels[panel].Title);
            using var bitmap = SKBitmap.Decode(png);
            surface.Canvas.DrawBitmap(bitmap, panel * PanelWidth, 0);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.SaveTo);
    }

    private static byte[] RenderPanel(IReadOnlyList<ProbabilitySnapshot> history, BlockKind kind, string title)
    {
        var layers = history[0].Layers.Count;
        // Heatmap rows are drawn top-down: the last layer goes in row 0 so layer 0 ends up at the bottom.
        var intensities = new double[layers, history.Count];
        for (var column = 0; column < history.Count; column++)
        {
            for (var layer = 0; layer < layers; layer++)
            {
                intensities[layers - 1 - layer, column] = history[column].Layers[layer].Of(kind);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var firstStep = history[0].Step;
        var lastStep = Math.Max(history[^1].Step, firstStep + 1);
        heatmap.Rectangle = new CoordinateRect(firstStep, lastStep, -0.5, layers - 0.5);
        plot.Add.ColorBar(heatmap);
        plot.Title(title);
        plot.XLabel("search step");
        plot.YLabel("layer");
        plot.Axes.SetLimits(firstStep, lastStep, -0.5, layers - 0.5);
        return plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png);
    }
}
