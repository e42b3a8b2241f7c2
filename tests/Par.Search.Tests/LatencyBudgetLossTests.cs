using Par.Dsl.Model;
using Par.Search.Latency;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class LatencyBudgetLossTests
{
    // One [sf-] layer at uniform logits: expected latency (1 + 0.25 + 0) / 3 ms.
    private static readonly BlockLatencyTable Table = new("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);
    private const double UniformExpectedMs = 1.25 / 3;

    // The budget constrains softmax(θ), not the step's draw: a Gumbel sample must not move any value below.
    [Fact]
    public void Under_the_budget_the_latency_term_and_its_gradient_are_zero()
    {
        using var supernet = TinySearch.OneLayerSupernet(1);
        var loss = new LatencyBudgetLoss(Table, fixedLayersMs: 0, weight: 1.0, targetMs: 2 * UniformExpectedMs);
        using var crossEntropy = tensor(2.5f);

        using var total = loss.Apply(crossEntropy, loss.ExpectedLatencyMicroseconds(supernet.MixedLayers, supernet.SampleGumbel(1.0)));
        total.backward();

        Assert.Equal(2.5f, total.item<float>(), 6);
        Assert.All(supernet.MixedLayers[0].Logits.grad!.data<float>().ToArray(), gradient => Assert.Equal(0f, gradient));
    }

    [Fact]
    public void Above_the_budget_it_pushes_attention_down_most_and_identity_up()
    {
        using var supernet = TinySearch.OneLayerSupernet(2);
        var loss = new LatencyBudgetLoss(Table, fixedLayersMs: 0, weight: 1.0, targetMs: UniformExpectedMs / 2);
        using var crossEntropy = tensor(2.5f);

        using var total = loss.Apply(crossEntropy, loss.ExpectedLatencyMicroseconds(supernet.MixedLayers, supernet.SampleGumbel(1.0)));
        total.backward();

        // The excess is LAT / target - 1 = 1 at twice the budget.
        Assert.Equal(3.5f, total.item<float>(), 4);
        var gradient = supernet.MixedLayers[0].Logits.grad!.data<float>().ToArray(); // candidates s, f, -
        Assert.True(gradient[0] > 0, $"attention's logit gradient {gradient[0]} should be positive");
        Assert.True(gradient[0] > gradient[1], "attention, the costly block, should be pushed down more than feed-forward");
        Assert.True(gradient[2] < 0, $"identity's logit gradient {gradient[2]} should be negative");
    }

    [Fact]
    public void The_budget_counts_the_fixed_layers()
    {
        using var supernet = TinySearch.OneLayerSupernet(3);
        var loss = new LatencyBudgetLoss(Table, fixedLayersMs: 1.0, weight: 2.0, targetMs: 1.0);

        using var latency = loss.ExpectedLatencyMicroseconds(supernet.MixedLayers, supernet.SampleGumbel(1.0));
        using var total = loss.Apply(tensor(0f), latency);

        Assert.Equal(1000 * (1.0 + UniformExpectedMs), latency.item<float>(), 2);
        Assert.Equal(2.0 * UniformExpectedMs, total.item<float>(), 4);
    }

    [Fact]
    public void The_budget_is_a_fraction_of_the_interleaved_baseline_of_the_space_depth()
    {
        Assert.Equal((3 * 1.0) + (2 * 0.25), Table.InterleavedLatencyMs(5), 12);
        var search = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 } }, Table);
        Assert.Equal(0.5 * ((2 * 1.0) + (2 * 0.25)), search.LatencyBudgetMs!.Value, 12);

        var explicitMs = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, TargetMs = 0.8 } }, Table);
        Assert.Equal(0.8, explicitMs.LatencyBudgetMs!.Value, 12);
        Assert.Null(new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 1 } }, Table).LatencyBudgetMs);
    }
}
