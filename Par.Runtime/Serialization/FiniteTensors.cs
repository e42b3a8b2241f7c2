using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Par.Runtime.Serialization;

/// <summary>
/// The check every loader of weights and optimizer state makes: a NaN or an infinity read from a file is damage (a
/// corrupted copy, a diverged run saved), which would otherwise evaluate to a table of NaN and exit 0.
/// </summary>
public static class FiniteTensors
{
    /// <summary>The first tensor in name order that holds a NaN or an infinity, worded for an error, or null when all are finite.</summary>
    public static string? Problem(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        return tensors
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Where(pair => pair.Value.is_floating_point() && !pair.Value.isfinite().all().item<bool>())
            .Select(pair => $"tensor '{pair.Key}' holds a non-finite value (NaN or infinity): the file is damaged.")
            .FirstOrDefault();
    }
}
