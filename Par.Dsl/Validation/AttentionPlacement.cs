namespace Par.Dsl.Validation;

/// <summary>
/// The PAR paper's findings on where attention goes, as layer arithmetic: the DSL's advice (PAR0102, PAR0103), the
/// search's reference layouts and its claim checks read them from here.
/// </summary>
public static class AttentionPlacement
{
    /// <summary>The paper's p: total layers per attention layer that suffices for Transformer-XL (32 layers, about 6).</summary>
    public const int LayersPerAttentionBlock = 5;

    /// <summary>Layer index ceil(2L/3), zero-based: for 32 layers, layers 22 to 31 form the last third.</summary>
    public static int FirstLayerOfLastThird(int layerCount) => (2 * layerCount + 2) / 3;

    /// <summary>
    /// Whether <paramref name="attentionBlocks"/> attention blocks in <paramref name="layerCount"/> layers are at most one
    /// per <paramref name="layersPerBlock"/> layers: a ratio over the whole model, not a spacing rule (PAR Base itself
    /// places its attention blocks four layers apart and has 6 in 32).
    /// </summary>
    public static bool AtMostOnePer(int layersPerBlock, int attentionBlocks, int layerCount) =>
        attentionBlocks * layersPerBlock <= layerCount;
}
