using System.Collections.Generic;
using System.Linq;

namespace Par.Dsl.Diagnostics;

/// <summary>Title, default severity and description of every id in <see cref="ParDiagnosticIds"/>.</summary>
public static class ParDiagnosticCatalog
{
    public static IReadOnlyList<ParDiagnosticDescriptor> All { get; } = new[]
    {
        Error(ParDiagnosticIds.SyntaxError, "Syntax error", "The text does not follow the .par grammar; the diagnostic points at the first character that does not fit."),
        Error(ParDiagnosticIds.UnknownBlock, "Unknown block", "A layout letter that is not a block: use s (self-attention) or f (feed-forward), and - only inside a choice."),
        Error(ParDiagnosticIds.LayoutTooLarge, "Layout too large", $"A layout expands to more than {Limits.MaxLayers:N0} layers."),
        Error(ParDiagnosticIds.EmptyLayout, "Empty or missing layout", "A model has no layout, or its layout has no layers."),
        Error(ParDiagnosticIds.HeadsDoNotDivideWidth, "Heads do not divide d_model", "d_model must be divisible by heads so that every head has the same width."),
        Error(ParDiagnosticIds.UnknownHyperParameter, "Unknown hyper-parameter", "A key Par does not know; the message suggests the closest known key."),
        Error(ParDiagnosticIds.InvalidHyperParameterValue, "Invalid hyper-parameter value", "A hyper-parameter value that is out of range or of the wrong kind."),
        Error(ParDiagnosticIds.DuplicateHyperParameter, "Duplicate hyper-parameter", "The same key is set twice in one model."),
        Error(ParDiagnosticIds.DuplicateModelName, "Duplicate model name", "Two models in one file have the same name."),
        Error(ParDiagnosticIds.InvalidIdentifier, "Invalid identifier", "A model or namespace name that is not a valid C# identifier (or is a C# keyword)."),
        Error(ParDiagnosticIds.IdentityOutsideChoice, "Identity outside a choice", "The identity block - does nothing on its own; it is only meaningful as a candidate in a choice such as [sf-]."),
        Error(ParDiagnosticIds.InvalidRepeatCount, "Invalid repeat count", "A repeat count of zero; a repeat needs a count of at least 1."),
        Error(ParDiagnosticIds.FileTooLarge, "File too large", $"A .par text longer than {Limits.MaxFileBytes:N0} UTF-8 bytes; it is refused before parsing."),
        Error(ParDiagnosticIds.NameTooLong, "Name too long", $"A model name or namespace part longer than {Limits.MaxIdentifierLength} characters, a namespace of more than {Limits.MaxNamespaceParts} parts, or a Namespace.Model type name longer than {Limits.MaxQualifiedNameBytes:N0} UTF-8 bytes (the metadata limit)."),
        Error(ParDiagnosticIds.ReservedModelName, "Reserved model name", "A model name that the generated class uses for one of its own members (Layout, Create, Heads, layer_00_attention, ...); C# forbids a member named like its class."),
        Error(ParDiagnosticIds.MemoryWithoutSegmentMemory, "Memory on a bidirectional model", "memory is set above 0 on a model with attention = bidirectional; an encoder sees its whole sequence at once and keeps no segment memory."),
        new ParDiagnosticDescriptor(ParDiagnosticIds.NoAttention, "Layout without self-attention", ParSeverity.Warning, "A layout with no self-attention block anywhere cannot mix information across tokens."),
        new ParDiagnosticDescriptor(ParDiagnosticIds.AttentionInLastThird, "Attention in the last third", ParSeverity.Info, "A fixed attention block in the last third of the layers, where the PAR paper found attention unnecessary."),
        new ParDiagnosticDescriptor(ParDiagnosticIds.DenseAttention, "Dense attention", ParSeverity.Info, "More than one attention block per five layers over the whole layout (the PAR paper's p = 5 rule)."),
        Error(ParDiagnosticIds.InternalError, "Internal error", "Par failed internally; this is a bug, reported instead of throwing into the compiler."),
    };

    private static readonly Dictionary<string, ParDiagnosticDescriptor> ById = All.ToDictionary(descriptor => descriptor.Id);

    /// <summary>The descriptor of <paramref name="id"/>, or null when Par defines no such id.</summary>
    public static ParDiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;

    private static ParDiagnosticDescriptor Error(string id, string title, string description) =>
        new(id, title, ParSeverity.Error, description);
}
