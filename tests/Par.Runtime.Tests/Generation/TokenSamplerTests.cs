using System;
using System.Linq;
using Par.Text;

namespace Par.Runtime.Tests.Generation;

/// <summary>The one sampler every engine draws with (Par.Text), on plain logits.</summary>

public class TokenSamplerTests
{
    private static readonly float[] Scores = [0.1f, 2.0f, -1.0f, 1.5f, 1.9f, 0.0f];

    [Fact]
    public void Temperature_zero_takes_the_most_probable_token()
    {
        var sampler = new TokenSampler(SamplingOptions.Greedy);
        var logits = Scores;

        Assert.Equal(1, sampler.Next(logits));
    }

    [Theory]
    [InlineData(1e-45)]
    [InlineData(1e-300)]
    [InlineData(double.Epsilon)]
    public void A_vanishing_temperature_draws_only_the_most_probable_tokens_ties_sharing(double temperature)
    {
        var logits = Scores;
        float[] tied = [3.0f, -1.0f, 3.0f, 2.9999998f];
        var options = new SamplingOptions(Temperature: temperature, Seed: 2);

        Assert.Equal(new[] { 1 }, Draw(options, logits, 50).Distinct());
        Assert.Equal(new[] { 0, 2 }, Draw(options, tied, 200).Distinct().Order());
    }

    [Fact]
    public void Top_k_draws_only_among_the_k_most_probable_and_a_seed_repeats_the_draws()
    {
        var logits = Scores;
        var options = new SamplingOptions(Temperature: 5.0, TopK: 3, Seed: 4);

        var first = Draw(options, logits, 200);
        var again = Draw(options, logits, 200);

        Assert.Equal(first, again);
        Assert.Equal(new[] { 1, 3, 4 }, first.Distinct().Order());
    }

    [Fact]
    public void A_high_temperature_without_top_k_reaches_every_token()
    {
        var logits = Scores;

        Assert.Equal(Enumerable.Range(0, Scores.Length), Draw(new SamplingOptions(Temperature: 50.0), logits, 400).Distinct().Order());
    }

    [Theory]
    [InlineData(-0.5, 0, "temperature")]
    [InlineData(double.NaN, 0, "temperature")]
    [InlineData(1.0, -1, "top-k")]
    public void Unusable_options_are_refused_naming_the_setting(double temperature, int topK, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenSampler(new SamplingOptions(temperature, topK)));

        Assert.StartsWith(setting + " must be", error.Message);
    }

    private static int[] Draw(SamplingOptions options, float[] logits, int count)
    {
        var sampler = new TokenSampler(options);
        return Enumerable.Range(0, count).Select(_ => sampler.Next(logits)).ToArray();
    }
}
