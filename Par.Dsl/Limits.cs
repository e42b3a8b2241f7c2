namespace Par.Dsl;

/// <summary>Documented bounds that keep hostile input from hanging or exhausting memory.</summary>
public static class Limits
{
    /// <summary>The most layers one layout may expand to.</summary>
    public const int MaxLayers = 10_000;
}
