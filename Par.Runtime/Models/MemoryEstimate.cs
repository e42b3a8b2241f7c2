using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Dsl.Counting;
using Par.Dsl.Model;

namespace Par.Runtime.Models;

/// <summary>
/// A lower bound on the memory one step of a model needs, so that settings which cannot fit are refused before
/// libtorch tries to allocate them: a failed allocation inside libtorch aborts the whole process ("can't allocate
/// 320000000000 bytes", exit 134) instead of throwing. The bound counts only the largest tensors, in float32:
/// <list type="bullet">
/// <item>parameters, and for training their gradients and both AdamW moments (4 copies);</item>
/// <item>attention scores, <c>batch · heads · context · (context + memory)</c> per attention layer: two such tensors
/// (content and position scores) at once when inferring, and the two kept for backward by every attention layer
/// when training;</item>
/// <item>hidden states, <c>batch · context · (2 · d_model + d_ff)</c> per layer (every layer when training), the
/// segment memory, and the logits <c>batch · context · vocab</c> (twice when training, for the gradient).</item>
/// </list>
/// Real use is higher, so a refused setting certainly does not fit; one that passes may still be tight.
/// </summary>
/// <param name="ParameterBytes">Weights, plus gradients and optimizer moments when training.</param>
/// <param name="AttentionScoreBytes">One attention layer's score tensor.</param>
/// <param name="TotalBytes">Everything counted.</param>
public sealed record MemoryEstimate(double ParameterBytes, double AttentionScoreBytes, double TotalBytes)
{
    private const double FloatBytes = 4;

    /// <summary>The estimate for one step of <paramref name="model"/> on <paramref name="batch"/> rows of its context.</summary>
    public static MemoryEstimate For(ParModel model, int batch, bool training)
    {
        var hp = model.HyperParameters;
        double rows = batch, context = hp.Context, width = hp.DModel;
        var attentionLayers = model.Layout.Count(layer => layer.Candidates.Contains(BlockKind.SelfAttention));
        var attended = hp.Attention == AttentionKind.Xl ? context + hp.Memory : context;

        var parameters = ParameterCounter.Count(model) * FloatBytes * (training ? 4 : 1);
        var scores = rows * hp.Heads * context * attended * FloatBytes;
        var hiddenPerLayer = rows * context * (2 * width + hp.DFeedForward) * FloatBytes;
        var segmentMemory = attentionLayers * rows * hp.Memory * width * FloatBytes;
        var logits = rows * context * hp.Vocab * FloatBytes * (training ? 2 : 1);
        var total = parameters + segmentMemory + logits + (training
            ? (attentionLayers * 2 * scores) + (model.LayerCount * hiddenPerLayer)
            : (attentionLayers > 0 ? 2 * scores : 0) + hiddenPerLayer);
        return new MemoryEstimate(parameters, attentionLayers > 0 ? scores : 0, total);
    }

    /// <summary>Memory the process can still use: the kernel's MemAvailable on Linux, else what the GC reports.</summary>
    public static double AvailableBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(entry => entry.StartsWith("MemAvailable:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            if (kilobytes is not null && long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value * 1024.0;
            }
        }
        catch (IOException)
        {
            // No /proc (not Linux): fall back to the GC's view.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>A byte count as people read it: 1.5 GB, 320 GB, 5.1 TB.</summary>
    public static string Format(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
