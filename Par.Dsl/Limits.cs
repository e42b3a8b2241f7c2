namespace Par.Dsl;

/// <summary>Documented bounds that keep hostile input from hanging or exhausting memory.</summary>
public static class Limits
{
    /// <summary>The most layers one layout may expand to.</summary>
    public const int MaxLayers = 10_000;

    /// <summary>
    /// The deepest nesting of groups and choices. Deeper input is refused before parsing: the grammar recurses
    /// once per level, and a stack overflow cannot be caught.
    /// </summary>
    public const int MaxNestingDepth = 32;
}
