using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Par.Dsl.Validation;

/// <summary>
/// Names a model cannot have because the class generated for it (Par.Generators/ParGenerator.Emitter.cs) declares a
/// member of that name, and C# forbids a member named like its class (CS0542). The generator's tests check this list
/// against the members it really emits, both ways.
/// </summary>
public static class ReservedModelNames
{
    /// <summary>
    /// The members every generated class declares (MixedLayers only for a supernet and ForwardPadded only for a
    /// bidirectional model, reserved all the same).
    /// </summary>
    public static IReadOnlyCollection<string> Members => MemberSet;

    private static readonly HashSet<string> MemberSet = new(StringComparer.Ordinal)
    {
        "Layout", "LayerCount", "AttentionBlockCount", "FeedForwardBlockCount", "DModel", "Heads", "DFeedForward",
        "Vocab", "Context", "Memory", "Dropout", "Attention", "TieEmbeddings", "ParameterCount", "HyperParameters",
        "Create", "CreateMemory", "Name", "AttentionSlotCount", "MixedLayers", "forward", "ForwardPadded", "embedding", "output",
    };

    // The per-layer fields: layer_NN_attention, layer_NN_feed_forward, layer_NN_mixed (docs/architecture.md).
    private static readonly Regex LayerField = new("^layer_[0-9]{2,}_(attention|feed_forward|mixed)$", RegexOptions.CultureInvariant);

    public static bool IsReserved(string name) => MemberSet.Contains(name) || LayerField.IsMatch(name);
}
