using Par.Dsl.Model;

namespace Par.Dsl.Validation;

/// <summary>An expanded layout with, for each layer, the offset of the letter or choice that produced it (for advice diagnostics).</summary>
internal sealed record BuiltLayout(EquatableArray<Layer> Layers, int[] SourceOffsets, int Offset, int Length);
