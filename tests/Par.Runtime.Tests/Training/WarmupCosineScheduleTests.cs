using Par.Runtime.Training;

namespace Par.Runtime.Tests.Training;

public class WarmupCosineScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_decays_along_a_cosine_to_the_minimum()
    {
        var schedule = new WarmupCosineSchedule(baseRate: 1.0, warmupSteps: 4, totalSteps: 14, minRatio: 0.1);

        Assert.Equal(0.25, schedule.At(0), 12);
        Assert.Equal(1.0, schedule.At(3), 12);
        Assert.Equal(1.0, schedule.At(4), 12);
        Assert.Equal(0.55, schedule.At(9), 12);
        Assert.Equal(0.1 + 0.9 * 0.5 * (1 + System.Math.Cos(System.Math.PI * 0.9)), schedule.At(13), 12);
        Assert.Equal(0.1, schedule.At(14), 12);
        Assert.Equal(0.1, schedule.At(100), 12);
    }

    [Fact]
    public void Without_warmup_the_first_step_uses_the_base_rate()
    {
        Assert.Equal(3e-4, new WarmupCosineSchedule(3e-4, 0, 10, 0).At(0), 15);
    }
}
