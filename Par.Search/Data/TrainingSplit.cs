using System;
using System.Linq;
using Par.Runtime.Data;

namespace Par.Search.Data;

/// <summary>
/// DARTS' split of the training stream: the head trains the weights, the tail (held out) trains the
/// architecture logits. The validation split never enters the search, so it stays an honest judge of the
/// found model.
/// </summary>
internal sealed record TrainingSplit(TokenStream Weights, TokenStream Architecture)
{
    /// <summary>Cuts <paramref name="training"/> so the tail holds <paramref name="architectureShare"/> of its tokens.</summary>
    public static TrainingSplit Cut(TokenStream training, double architectureShare)
    {
        ArgumentNullException.ThrowIfNull(training);
        var cut = (int)Math.Round(training.Count * (1 - architectureShare));
        return new TrainingSplit(Slice(training, 0, cut), Slice(training, cut, training.Count - cut));
    }

    private static TokenStream Slice(TokenStream stream, int start, int count) =>
        new(stream.Tokens.Skip(start).Take(count).ToArray(), stream.RecallMask?.Skip(start).Take(count).ToArray());
}
