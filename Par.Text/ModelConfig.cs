using System.Linq;
using System.Text.Json.Serialization;

namespace Par.Text;

/// <summary>
/// A model's architecture as the <c>par.config</c> metadata entry spells it in JSON: every hyper-parameter and one letter
/// per layer (<c>s</c>, <c>f</c> or <c>-</c>). Par.Runtime writes it into every safetensors and ONNX file, the exported
/// <c>par_model.py</c> builds its model from it, and Par.Onnx reads it to feed an exported model segment by segment.
/// </summary>
public sealed record ModelConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("layers")] string Layers,
    [property: JsonPropertyName("d_model")] int DModel,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("d_ff")] int DFeedForward,
    [property: JsonPropertyName("vocab")] int Vocab,
    [property: JsonPropertyName("context")] int Context,
    [property: JsonPropertyName("memory")] int Memory,
    [property: JsonPropertyName("dropout")] double Dropout,
    [property: JsonPropertyName("attention")] string Attention,
    [property: JsonPropertyName("tie_embeddings")] bool TieEmbeddings)
{
    /// <summary>The <see cref="Attention"/> of Transformer-XL relative attention over a memory of earlier segments.</summary>
    public const string XlAttention = "xl";

    /// <summary>The <see cref="Attention"/> of an encoder: every position attends to every unpadded one, no memory.</summary>
    public const string BidirectionalAttention = "bidirectional";

    /// <summary>Transformer-XL attention over a memory of earlier segments (else causal or bidirectional attention within the segment).</summary>
    [JsonIgnore]
    public bool IsXl => Attention == XlAttention;

    /// <summary>An encoder (BERT): bidirectional attention, a padding mask, trained to fill in masked tokens rather than continue text.</summary>
    [JsonIgnore]
    public bool IsEncoder => Attention == BidirectionalAttention;

    /// <summary>Memory tensors the model takes and returns: one per attention block for an xl model with memory, else none.</summary>
    [JsonIgnore]
    public int MemorySlots => IsXl && Memory > 0 ? Layers.Count(letter => letter == 's') : 0;
}
