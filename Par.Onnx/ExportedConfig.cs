using System.Linq;
using System.Text.Json.Serialization;

namespace Par.Onnx;

/// <summary>
/// The architecture an exported model was built with: the <c>par.config</c> metadata entry, the JSON that
/// <c>par_model.py</c> reads too (every hyper-parameter and one letter per layer: <c>s</c>, <c>f</c> or <c>-</c>).
/// </summary>
public sealed record ExportedConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("layers")] string Layers,
    [property: JsonPropertyName("d_model")] int DModel,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("d_ff")] int DFeedForward,
    [property: JsonPropertyName("vocab")] int Vocab,
    [property: JsonPropertyName("context")] int Context,
    [property: JsonPropertyName("memory")] int Memory,
    [property: JsonPropertyName("attention")] string Attention,
    [property: JsonPropertyName("tie_embeddings")] bool TieEmbeddings)
{
    /// <summary>Transformer-XL attention over a memory of earlier segments (else causal attention within the segment).</summary>
    public bool IsXl => Attention == "xl";

    /// <summary>Memory tensors the model takes and returns: one per attention block for an xl model with memory, else none.</summary>
    public int MemorySlots => IsXl && Memory > 0 ? Layers.Count(letter => letter == 's') : 0;
}
