using System;
using static TorchSharp.torch;

namespace Par.Search.Data;

/// <summary>
/// DARTS' split of the training tokens: the head trains the weights, the tail (held out) trains the
/// architecture logits. The validation set never enters the search, so it stays an honest judge of the
/// found model.
/// </summary>
internal sealed class TrainingSplit : IDisposable
{
    private TrainingSplit(Tensor weightTokens, Tensor architectureTokens)
    {
        WeightTokens = weightTokens;
        ArchitectureTokens = architectureTokens;
    }

    /// <summary>Tokens <c>[0, cut)</c> of the training stream.</summary>
    public Tensor WeightTokens { get; }

    /// <summary>Tokens <c>[cut, end)</c>: disjoint from <see cref="WeightTokens"/>.</summary>
    public Tensor ArchitectureTokens { get; }

    /// <summary>Cuts <paramref name="trainingTokens"/> (1-D) so the tail holds <paramref name="architectureShare"/> of it.</summary>
    public static TrainingSplit Cut(Tensor trainingTokens, double architectureShare)
    {
        if (trainingTokens.dim() != 1)
        {
            throw new ArgumentException("Training tokens must be one 1-D stream.", nameof(trainingTokens));
        }

        var length = trainingTokens.shape[0];
        var cut = (long)Math.Round(length * (1 - architectureShare));
        if (cut < 2 || length - cut < 2)
        {
            throw new ArgumentException($"{length} training tokens are too few to hold out {architectureShare:P0} for the architecture.", nameof(trainingTokens));
        }

        return new TrainingSplit(trainingTokens.narrow(0, 0, cut).clone(), trainingTokens.narrow(0, cut, length - cut).clone());
    }

    public void Dispose()
    {
        WeightTokens.Dispose();
        ArchitectureTokens.Dispose();
    }
}
