using System.Linq;
using Par.Dsl.Model;
using Par.Search.Sampling;
using Par.Search.Space;
using Par.Runtime.Data;

namespace Par.Search.Tests;

/// <summary>A search small enough for unit tests: 4 layers of [sf-] at width 16 on a patterned token stream.</summary>
internal static class TinySearch
{
    public static readonly HyperParameters HyperParameters = Par.Dsl.Model.HyperParameters.Default with
    {
        DModel = 16,
        Heads = 2,
        DFeedForward = 32,
        Vocab = 16,
        Context = 8,
        Memory = 8,
        Dropout = 0,
    };

    public static SearchSpace Space => SearchSpace.Uniform("Tiny", 4, HyperParameters);

    /// <summary>The supernet of one [sf-] layer at uniform logits, its sampler seeded with <paramref name="seed"/>.</summary>
    public static Supernet OneLayerSupernet(long seed) =>
        Supernet.Create(SearchSpace.Uniform("One", 1, HyperParameters).ToSupernetModel(), seed);

    public static SearchOptions Options => new()
    {
        Steps = 24,
        BatchSize = 2,
        WarmupSteps = 2,
        RecordEvery = 4,
        Seed = 7,
    };

    /// <summary>A stream in which every fourth token repeats the token three places back, so attention pays.</summary>
    public static TokenStream Tokens(int count = 4096)
    {
        var generator = new System.Random(3);
        var tokens = new int[count];
        for (var index = 0; index < count; index++)
        {
            tokens[index] = index % 4 == 3 ? tokens[index - 3] : generator.Next(HyperParameters.Vocab);
        }

        return new TokenStream(tokens);
    }

    public static double[] Flatten(SearchResult result) =>
        result.FinalProbabilities.SelectMany(layer => layer.Probabilities).ToArray();
}
