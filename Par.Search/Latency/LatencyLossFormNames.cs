using Par.Dsl.Model;

namespace Par.Search.Latency;

public static class LatencyLossFormNames
{
    /// <summary>The spelling of each value in the CLI's --latency-loss and the bench's latency-loss setting.</summary>
    public static EnumNames<LatencyLossForm> All { get; } = new((LatencyLossForm.Budget, "budget"), (LatencyLossForm.Fbnet, "fbnet"));
}
