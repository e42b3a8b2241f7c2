using System.Linq;

namespace Par.Dsl.Model;

/// <summary>
/// One named model: a layout and its hyper-parameters. Positions in the source are deliberately not
/// part of it (they live in diagnostics), so moving text in a <c>.par</c> file does not change the model.
/// </summary>
public sealed record ParModel(string Name, EquatableArray<Layer> Layout, HyperParameters HyperParameters)
{
    public int LayerCount => Layout.Count;

    /// <summary>True when any layer is a choice: the model is a search space (supernet).</summary>
    public bool IsSupernet => Layout.Any(layer => layer.IsChoice);

    public int AttentionBlockCount => Layout.Count(layer => !layer.IsChoice && layer.Block == BlockKind.SelfAttention);

    public int FeedForwardBlockCount => Layout.Count(layer => !layer.IsChoice && layer.Block == BlockKind.FeedForward);
}
