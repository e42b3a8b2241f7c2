using System;
using Par.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Generation;

/// <summary>Draws tokens from logits as <see cref="SamplingOptions"/> say, from its own seeded CPU generator.</summary>
public sealed class TokenSampler : IDisposable
{
    private readonly SamplingOptions options;
    private readonly Generator generator;

    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        this.options = options;
        generator = new Generator((ulong)options.Seed);
    }

    /// <summary>The next token for <paramref name="logits"/> (<c>[V]</c>, one position).</summary>
    public int Next(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var scores = logits.detach().to(CPU).to_type(ScalarType.Float32);
        if (options.Temperature == 0)
        {
            return (int)scores.argmax().item<long>();
        }

        // Shifted so the largest score is 0 before dividing: every scaled score is then <= 0 (no overflow for any
        // temperature > 0), and a vanishing temperature tends to greedy, the top tokens sharing the draw.
        // Divided in float64, where even the smallest temperature is not zero.
        scores = (scores - scores.max()).to_type(ScalarType.Float64).DividedBy(options.Temperature).to_type(ScalarType.Float32);
        if (options.TopK > 0 && options.TopK < scores.shape[0])
        {
            // Everything below the k-th largest score gets probability zero.
            var kth = scores.topk(options.TopK).values[-1];
            scores = scores.FilledWhere(scores < kth, double.NegativeInfinity);
        }

        return (int)scores.softmax(0).multinomial(1, generator: generator).item<long>();
    }

    public void Dispose() => generator.Dispose();
}
