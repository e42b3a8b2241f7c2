using Par.Dsl.Model;

namespace Par.Search.Derivation;

public static class DerivationStrategyNames
{
    /// <summary>The spelling of each value in the CLI's --derive and the bench's derive setting.</summary>
    public static EnumNames<DerivationStrategy> All { get; } = new((DerivationStrategy.MostProbable, "most-probable"), (DerivationStrategy.Halving, "halving"));
}
