using System;

namespace Par.Text;

/// <summary>How the next token is drawn from the model's logits.</summary>
/// <param name="Temperature">
/// Logits, less their largest, are divided by it before the softmax; 0 takes the most probable token (greedy), and a
/// temperature near 0 (even <see cref="double.Epsilon"/>) draws among the most probable alone.
/// </param>
/// <param name="TopK">Draw only among the <c>k</c> most probable tokens; 0 keeps them all.</param>
/// <param name="Seed">Seeds the draws, so a seed and a prompt give the same text every time.</param>
public sealed record SamplingOptions(double Temperature = 1.0, int TopK = 0, long Seed = 0)
{
    /// <summary>The most probable token every time.</summary>
    public static SamplingOptions Greedy { get; } = new(Temperature: 0);

    /// <summary>
    /// What makes these options unusable, worded after the CLI's options (<c>temperature must be ...</c>), or null.
    /// </summary>
    public string? Problem() =>
        !double.IsFinite(Temperature) || Temperature < 0
            ? FormattableString.Invariant($"temperature must be a finite number >= 0 (0: greedy), got {Temperature}.")
            : TopK < 0
                ? FormattableString.Invariant($"top-k must be >= 0 (0: every token), got {TopK}.")
                : null;
}
