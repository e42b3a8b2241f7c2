using Par.Dsl.Model;

namespace Par.Search.Experiment;

/// <summary>A fixed layout the experiment trains beside the baseline and the found model (see <see cref="ReferenceLayouts"/>).</summary>
public sealed record NamedLayout(string Name, EquatableArray<Layer> Layout);
