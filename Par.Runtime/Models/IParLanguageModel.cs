using Par.Dsl.Model;
using Par.Runtime.Memory;
using static TorchSharp.torch;

namespace Par.Runtime.Models;

/// <summary>
/// A Par language model, whether generated at compile time from a <c>.par</c> file or built at run time
/// (<see cref="LayoutModel"/>). Both register the same state_dict keys, so weights move between them.
/// </summary>
public interface IParLanguageModel
{
    /// <summary>The model's name in its <c>.par</c> file.</summary>
    string Name { get; }

    /// <summary>The layout as text, e.g. <c>s f f f</c>.</summary>
    string Layout { get; }

    HyperParameters HyperParameters { get; }

    /// <summary>
    /// Memory slots the model uses: its attention blocks plus its mixed layers that have an attention
    /// candidate, numbered in layer order from 0.
    /// </summary>
    int AttentionSlotCount { get; }

    /// <summary>Token ids <c>[B, T]</c> (int64) to logits <c>[B, T, V]</c>, without memory.</summary>
    Tensor forward(Tensor tokens);

    /// <summary>
    /// Like <see cref="forward(Tensor)"/>, reading and then updating <paramref name="memory"/> (Transformer-XL
    /// attention only; causal attention ignores it).
    /// </summary>
    Tensor forward(Tensor tokens, SegmentMemory? memory);

    /// <summary>An empty memory with <see cref="AttentionSlotCount"/> slots of <c>HyperParameters.Memory</c> positions.</summary>
    SegmentMemory CreateMemory();
}
