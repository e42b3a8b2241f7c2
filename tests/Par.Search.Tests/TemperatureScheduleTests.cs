using System;
using Par.Search.Schedules;

namespace Par.Search.Tests;

public sealed class TemperatureScheduleTests
{
    [Fact]
    public void FollowsFbnet_FiveTimesExpOfMinusPoint045PerEpoch()
    {
        var schedule = new TemperatureSchedule(5.0, 0.045, StepsPerEpoch: 4);

        Assert.Equal(5.0, schedule.At(0), 12);
        Assert.Equal(5.0, schedule.At(3), 12);
        Assert.Equal(5.0 * Math.Exp(-0.045), schedule.At(4), 12);
        Assert.Equal(5.0 * Math.Exp(-0.045 * 10), schedule.At(43), 12);
    }

    [Theory]
    [InlineData(0.5, 300)]
    [InlineData(1.0, 90)]
    [InlineData(0.1, 2000)]
    public void Reaching_EndsNearTheRequestedFinalTemperature(double final, int steps)
    {
        var schedule = TemperatureSchedule.Reaching(final, steps);

        Assert.Equal(5.0, schedule.At(0));
        Assert.Equal(final, schedule.At(steps - 1), 12);
        Assert.True(schedule.At(steps / 2) > final);
    }
}
