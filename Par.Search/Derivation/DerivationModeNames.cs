using Par.Dsl.Model;

namespace Par.Search.Derivation;

public static class DerivationModeNames
{
    /// <summary>The spelling of each value in the CLI's --derive and the bench's derive setting.</summary>
    public static EnumNames<DerivationMode> All { get; } = new((DerivationMode.MostProbable, "most-probable"), (DerivationMode.Measured, "measured"));
}
