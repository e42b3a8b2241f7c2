using System;
using Par.Runtime.Benchmarking;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Benchmarking;

public class TimingStatisticsTests
{
    [Fact]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(2.0, TimingStatistics.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, TimingStatistics.Median([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(new TimingStatistics(2.5, 1.0, 4.0, 4), TimingStatistics.From([4.0, 1.0, 3.0, 2.0]));
        Assert.Throws<ArgumentException>(() => TimingStatistics.Median([]));
    }

    [Fact]
    public void Measure_runs_the_warm_up_and_the_timed_runs_and_keeps_one_timing_per_timed_run()
    {
        var calls = 0;

        var timings = TimingStatistics.Measure(() => { calls++; return zeros(2); }, warmupRuns: 3, runs: 5);

        Assert.Equal(8, calls);
        Assert.Equal(5, timings.Runs);
        Assert.InRange(timings.MedianMs, timings.MinMs, timings.MaxMs);
    }
}
