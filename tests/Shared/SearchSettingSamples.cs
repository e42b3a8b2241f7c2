using System.Collections.Generic;

namespace Par.Tests.Shared;

/// <summary>
/// A value of every declared search setting that differs from the built-in profile's, as its text: the round-trip
/// tests set each one through a surface (flag, bench setting, checkpoint key) and read it back.
/// </summary>
public static class SearchSettingSamples
{
    public static IReadOnlyDictionary<string, string> Texts { get; } = new Dictionary<string, string>
    {
        ["steps"] = "123",
        ["weights-only-share"] = "0.5",
        ["batch-size"] = "4",
        ["weight-learning-rate"] = "0.001",
        ["weight-decay"] = "0.02",
        ["warmup-steps"] = "5",
        ["gradient-clip"] = "0.5",
        ["architecture-learning-rate"] = "0.02",
        ["architecture-weight-decay"] = "0.001",
        ["architecture-data-share"] = "0.25",
        ["sampling"] = "single-path",
        ["path-gradient"] = "straight-through",
        ["final-temperature"] = "0.5",
        ["uniform-weight-steps"] = "true",
        ["latency-loss"] = "budget",
        ["latency-weight"] = "0.3",
        ["latency-exponent"] = "0.5",
        ["latency-target"] = "0.7",
        ["latency-target-ms"] = "12.5",
        ["identity-penalty"] = "0.1",
        ["seed"] = "5",
        ["use-memory"] = "false",
        ["latency-memory-segments"] = "10",
        ["search-steps"] = "50",
        ["derive"] = "halving",
        ["halving-share"] = "2",
        ["halving"] = "8",
        ["candidates"] = "sf",
        ["objective"] = "mlm",
        ["threads"] = "2",
        ["latency-table"] = "table.json",
        ["remeasure-latency"] = "true",
    };
}
