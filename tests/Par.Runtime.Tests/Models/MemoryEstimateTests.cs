using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Models;

namespace Par.Runtime.Tests.Models;

public class MemoryEstimateTests
{
    private static ParModel Model(string text) => Assert.Single(ParParser.Parse(text, "Model.par").Models);

    [Fact]
    public void Attention_scores_are_batch_heads_context_and_context_plus_memory_floats()
    {
        var model = Model("model M { layout = s f s; d_model = 64; heads = 4; context = 100; memory = 50 }\n");

        var estimate = MemoryEstimate.For(model, batch: 2, training: false);

        Assert.Equal(2.0 * 4 * 100 * 150 * 4, estimate.AttentionScoreBytes);
        Assert.Equal(ParameterCounter.Count(model) * 4.0, estimate.ParameterBytes);
    }

    [Fact]
    public void Training_counts_gradients_and_moments_and_the_scores_of_every_attention_layer()
    {
        var model = Model("model M { layout = s f s; d_model = 64; heads = 4; context = 100; memory = 50 }\n");

        var inference = MemoryEstimate.For(model, batch: 2, training: false);
        var training = MemoryEstimate.For(model, batch: 2, training: true);

        Assert.Equal(4 * inference.ParameterBytes, training.ParameterBytes);
        Assert.True(training.TotalBytes - training.ParameterBytes >= 2 * 2 * training.AttentionScoreBytes);
    }

    [Fact]
    public void The_paper_base_model_at_its_defaults_needs_well_under_what_any_machine_here_has()
    {
        var model = Model("model ParBase { layout = (sfff)x6 (f)x8 }\n");

        var estimate = MemoryEstimate.For(model, batch: 16, training: true);

        Assert.InRange(estimate.TotalBytes, 1e8, 4e9);
    }

    [Fact]
    public void A_context_of_a_hundred_thousand_needs_terabytes()
    {
        var model = Model("model ParBase { layout = (sfff)x6 (f)x8; context = 100000 }\n");

        var estimate = MemoryEstimate.For(model, batch: 16, training: true);

        Assert.True(estimate.TotalBytes > 1e12, MemoryEstimate.Format(estimate.TotalBytes));
        Assert.True(estimate.TotalBytes > MemoryEstimate.AvailableBytes());
    }
}
