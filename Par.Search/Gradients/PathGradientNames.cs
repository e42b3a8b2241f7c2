using Par.Dsl.Model;

namespace Par.Search.Gradients;

public static class PathGradientNames
{
    /// <summary>The spelling of each value in the CLI's --path-gradient.</summary>
    public static EnumNames<PathGradient> All { get; } = new((PathGradient.Reinforce, "reinforce"), (PathGradient.StraightThrough, "straight-through"));
}
