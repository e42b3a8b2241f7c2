using System;
using System.Linq;
using static TorchSharp.torch;

namespace Par.Runtime.Data;

/// <summary>
/// BERT's masking (Devlin et al. 2019, §3.1): 15% of a sequence's positions are chosen as targets; a chosen token is
/// replaced by <c>[MASK]</c> 80% of the time, by a random token 10% of the time and kept 10% of the time. Every other
/// target is <see cref="NotChosen"/>, which the loss skips. Each sequence gets ⌊0.15·T⌋ chosen positions plus one more
/// with probability equal to the remainder (so exactly 15% in expectation), and always at least one, so no batch has
/// an empty loss. The choices follow from (seed, batch index) alone (<see cref="MaskingRandom"/>), which makes them
/// the same on every device and on resume.
/// </summary>
public static class TokenMasking
{
    public const double ChosenRate = 0.15;
    public const double MaskRate = 0.8;
    public const double RandomRate = 0.1;

    /// <summary>The target of a position that is not predicted: cross-entropy's default ignore index.</summary>
    public const long NotChosen = -100;

    /// <summary>
    /// Masks <paramref name="tokens"/>, rows of <paramref name="length"/> tokens one after another. Random replacements are
    /// drawn from every id below <paramref name="maskToken"/> (the mask token is the tokenizer's last id).
    /// </summary>
    public static (long[] Inputs, long[] Targets) Mask(long[] tokens, int length, int maskToken, long seed, long batchIndex)
    {
        if (length < 1 || tokens.Length % length != 0)
        {
            throw new ArgumentException($"{tokens.Length} tokens are not whole rows of {length}.", nameof(tokens));
        }

        var random = new MaskingRandom(seed, batchIndex);
        var inputs = (long[])tokens.Clone();
        var targets = Enumerable.Repeat(NotChosen, tokens.Length).ToArray();
        var positions = new int[length];
        for (var row = 0; row < tokens.Length / length; row++)
        {
            var start = row * length;
            var expected = ChosenRate * length;
            var chosen = Math.Max(1, (int)Math.Floor(expected) + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0));

            // A partial Fisher-Yates shuffle: the first `chosen` entries become a uniform sample without repeats.
            for (var i = 0; i < length; i++)
            {
                positions[i] = i;
            }

            for (var i = 0; i < chosen; i++)
            {
                var j = i + random.NextInt(length - i);
                (positions[i], positions[j]) = (positions[j], positions[i]);
                var at = start + positions[i];
                targets[at] = tokens[at];
                var use = random.NextDouble();
                inputs[at] = use < MaskRate ? maskToken
                    : use < MaskRate + RandomRate ? random.NextInt(maskToken)
                    : tokens[at];
            }
        }

        return (inputs, targets);
    }

    /// <summary>
    /// <see cref="Mask(long[], int, int, long, long)"/> on a <c>[B, T]</c> batch of sequences: masked inputs and targets, both
    /// <c>[B, T]</c> int64 on the CPU, in the caller's dispose scope.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) Mask(Tensor sequences, int maskToken, long seed, long batchIndex)
    {
        var shape = sequences.shape;
        var (inputs, targets) = Mask(sequences.cpu().data<long>().ToArray(), (int)shape[^1], maskToken, seed, batchIndex);
        return (tensor(inputs, shape), tensor(targets, shape));
    }
}
