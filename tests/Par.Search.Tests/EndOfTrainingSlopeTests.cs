using System.Linq;
using Par.Runtime.Training;
using Par.Search.Experiment;

namespace Par.Search.Tests;

public sealed class EndOfTrainingSlopeTests
{
    [Fact]
    public void A_curve_falling_late_has_its_late_slope_not_its_average_one()
    {
        // Flat at 3 for 300 steps, then falling by 0.5 per 100 steps over the last 100: only the last quarter counts.
        var history = Enumerable.Range(1, 400)
            .Select(step => new TrainingRecord(step, step <= 300 ? 3.0 : 3.0 - (0.005 * (step - 300)), null))
            .ToList();

        Assert.Equal(-0.5, EndOfTrainingSlope.PerHundredSteps(history)!.Value, 9);
    }

    [Fact]
    public void A_flat_curve_has_slope_zero_and_too_few_points_have_none()
    {
        Assert.Equal(0, EndOfTrainingSlope.PerHundredSteps(Enumerable.Range(1, 40).Select(step => new TrainingRecord(step, 2.0, null)).ToList())!.Value, 12);
        Assert.Null(EndOfTrainingSlope.PerHundredSteps([new TrainingRecord(1, 2.0, null)]));
        Assert.Null(EndOfTrainingSlope.PerHundredSteps([]));
    }
}
