using Par.Dsl.Model;

namespace Par.Dsl.Planning;

/// <summary>
/// One layer of a <see cref="LayerPlan"/>: its index in the layout, the layer itself (a fixed block or a choice), the
/// name of its module (field and state_dict key; null for a fixed identity layer, which has no module) and its
/// memory slot (null when no candidate attends).
/// </summary>
public sealed record PlannedLayer(int Index, Layer Layer, string? Name, int? Slot)
{
    /// <summary>False for a fixed identity layer: the hidden state passes through and nothing is built.</summary>
    public bool HasModule => Name is not null;
}
