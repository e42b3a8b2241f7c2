using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// Models timed in turn, round after round (<see cref="ModelLatency"/> each time): a slow spell on a shared machine then
/// touches every model alike instead of one of them. Every latency Par compares between models is timed this way.
/// </summary>
public sealed class InterleavedLatency
{
    // Per model, its time in each round.
    private readonly double[][] rounds;

    private InterleavedLatency(double[][] rounds) => this.rounds = rounds;

    /// <summary>Times <paramref name="models"/> over the memory <paramref name="latency"/> times blocks at, so predicted and measured latency time the same shape.</summary>
    public static InterleavedLatency Measure(IReadOnlyList<LayoutModel> models, LatencyObjective latency, int rounds, int warmupRuns, int runs, Device? device)
    {
        var timings = models.Select(_ => new double[rounds]).ToArray();
        var memories = models.Select(model => latency.TimedShape(model.HyperParameters).Memory).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var index = 0; index < models.Count; index++)
            {
                timings[index][round] = ModelLatency.MeasureMs(models[index], warmupRuns, runs, device, memories[index]);
            }
        }

        return new InterleavedLatency(timings);
    }

    /// <summary>Each model's median time over the rounds.</summary>
    public double[] MediansMs() => [.. rounds.Select(timings => TimingStatistics.Median(timings))];

    /// <summary>Each model's median over the rounds of its time over <paramref name="reference"/>'s in the same round.</summary>
    public double[] MedianRatiosTo(int reference) =>
        [.. rounds.Select(timings => TimingStatistics.Median([.. timings.Select((ms, round) => ms / rounds[reference][round])]))];
}
