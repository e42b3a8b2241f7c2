using System;

namespace Par.Text;

/// <summary>
/// Draws tokens from logits as <see cref="SamplingOptions"/> say, from its own seeded generator: greedy at temperature
/// 0, else a softmax of the logits (less their largest) over the temperature, among the <c>k</c> most probable when
/// <c>top-k</c> is set. One sampler for every engine (libtorch and ONNX Runtime), so a seed draws the same tokens from
/// the same logits whichever ran the model.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions options;
    private readonly Random random;

    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        this.options = options;
        random = new Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));
    }

    /// <summary>The next token for <paramref name="logits"/> (<c>[vocab]</c>, one position).</summary>
    public int Next(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("No logits to draw from.", nameof(logits));
        }

        var best = 0;
        for (var index = 1; index < logits.Length; index++)
        {
            if (logits[index] > logits[best])
            {
                best = index;
            }
        }

        if (options.Temperature == 0)
        {
            return best;
        }

        // Shifted so the largest score is 0 before dividing (no overflow for any temperature > 0), in double, where even
        // the smallest temperature is not zero.
        var scores = new double[logits.Length];
        for (var index = 0; index < scores.Length; index++)
        {
            scores[index] = (logits[index] - (double)logits[best]) / options.Temperature;
        }

        if (options.TopK > 0 && options.TopK < scores.Length)
        {
            var sorted = (double[])scores.Clone();
            Array.Sort(sorted);
            var kth = sorted[^options.TopK];
            for (var index = 0; index < scores.Length; index++)
            {
                if (scores[index] < kth)
                {
                    scores[index] = double.NegativeInfinity;
                }
            }
        }

        var total = 0.0;
        for (var index = 0; index < scores.Length; index++)
        {
            scores[index] = Math.Exp(scores[index]);
            total += scores[index];
        }

        var draw = random.NextDouble() * total;
        for (var index = 0; index < scores.Length; index++)
        {
            draw -= scores[index];
            if (draw < 0 && scores[index] > 0)
            {
                return index;
            }
        }

        return best;
    }
}
