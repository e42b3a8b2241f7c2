using System;
using System.Collections.Generic;
using System.Linq;
using Par.Text;

namespace Par.Runtime.Data;

/// <summary>
/// The built-in corpus, generated from a seed (no download). It is a sequence of episodes:
/// <code>
/// &lt;sep&gt; k3=v7 k9=v1 k0=v4 k12=v4  w5 w12 w2 ... (gap)  QUERY k9 v1  w8 w3 ...  QUERY k3 v7 ...
/// </code>
/// Filler words come from a random sparse Markov source (each word has a few likely successors),
/// which any model learns from local context. The value after <c>QUERY k</c> is only predictable by
/// looking back to the statement <c>k=v</c>, 20 to 80 tokens earlier: a model without attention stays
/// near ln(<see cref="SyntheticCorpusOptions.Values"/>) nats on those tokens while one attention layer
/// can answer them in a single hop (the query key attends to the statement that carries it). Those
/// targets are marked in <see cref="TokenStream.RecallMask"/>.
/// The three splits share the vocabulary and the Markov source and differ in their episodes.
/// See docs/synthetic-corpus.md.
/// </summary>
public sealed class SyntheticCorpus
{
    private SyntheticCorpus(SyntheticVocabulary vocabulary, TokenStream train, TokenStream valid, TokenStream test, SyntheticCorpusOptions options)
    {
        Vocabulary = vocabulary;
        Train = train;
        Valid = valid;
        Test = test;
        Options = options;
    }

    public SyntheticVocabulary Vocabulary { get; }

    public TokenStream Train { get; }

    public TokenStream Valid { get; }

    public TokenStream Test { get; }

    public SyntheticCorpusOptions Options { get; }

    /// <summary>Generates the corpus; the same options always give the same tokens.</summary>
    public static SyntheticCorpus Generate(SyntheticCorpusOptions? options = null)
    {
        options ??= new SyntheticCorpusOptions();
        options.Validate();
        var vocabulary = SyntheticVocabulary.Create(options.Keys, options.Values, options.Fillers);
        var markov = BuildMarkovSource(options, new Random(options.Seed));
        return new SyntheticCorpus(
            vocabulary,
            GenerateSplit(options, markov, new Random(options.Seed + 1), options.TrainTokens),
            GenerateSplit(options, markov, new Random(options.Seed + 2), options.ValidTokens),
            GenerateSplit(options, markov, new Random(options.Seed + 3), options.TestTokens),
            options);
    }

    private static int FirstKey => SyntheticVocabulary.MarkerCount;

    private static int FirstValue(SyntheticCorpusOptions options) => FirstKey + options.Keys;

    private static int FirstStatement(SyntheticCorpusOptions options) => FirstValue(options) + options.Values;

    private static int FirstFiller(SyntheticCorpusOptions options) => FirstStatement(options) + options.Keys * options.Values;

    // successors[w] lists the filler words that may follow filler w; earlier ones are likelier.
    private static int[][] BuildMarkovSource(SyntheticCorpusOptions options, Random random) =>
        Enumerable.Range(0, options.Fillers)
            .Select(_ => Enumerable.Range(0, options.Fillers).OrderBy(_ => random.Next()).Take(options.FillerSuccessors).ToArray())
            .ToArray();

    private static TokenStream GenerateSplit(SyntheticCorpusOptions options, int[][] markov, Random random, int length)
    {
        var tokens = new List<int>(length + 256);
        var recall = new List<bool>(length + 256);
        var filler = random.Next(options.Fillers);

        void Emit(int token, bool isRecall = false)
        {
            tokens.Add(token);
            recall.Add(isRecall);
        }

        void EmitFiller(int count)
        {
            for (var i = 0; i < count; i++)
            {
                filler = NextFiller(markov[filler], random);
                Emit(FirstFiller(options) + filler);
            }
        }

        var recentKeys = new Queue<int[]>();
        while (tokens.Count < length)
        {
            var recent = recentKeys.SelectMany(episode => episode).ToHashSet();
            var keys = Enumerable.Range(0, options.Keys).Where(key => !recent.Contains(key))
                .OrderBy(_ => random.Next()).Take(options.PairsPerEpisode).ToArray();
            recentKeys.Enqueue(keys);
            if (recentKeys.Count > SyntheticCorpusOptions.EpisodesWithDistinctKeys)
            {
                recentKeys.Dequeue();
            }

            var values = keys.Select(_ => random.Next(options.Values)).ToArray();
            Emit(SyntheticVocabulary.Separator);
            for (var i = 0; i < keys.Length; i++)
            {
                Emit(FirstStatement(options) + keys[i] * options.Values + values[i]);
            }

            EmitFiller(random.Next(options.MinGap, options.MaxGap + 1));
            foreach (var i in Enumerable.Range(0, keys.Length).OrderBy(_ => random.Next()).ToArray())
            {
                Emit(SyntheticVocabulary.Query);
                Emit(FirstKey + keys[i]);
                Emit(FirstValue(options) + values[i], isRecall: true);
                EmitFiller(random.Next(options.MinQuerySpacing, options.MaxQuerySpacing + 1));
            }
        }

        return new TokenStream(tokens.GetRange(0, length), recall.GetRange(0, length));
    }

    // Successor i is chosen with probability proportional to 2^-i: a peaked, learnable bigram.
    private static int NextFiller(int[] successors, Random random)
    {
        for (var i = 0; i < successors.Length - 1; i++)
        {
            if (random.NextDouble() < 0.5)
            {
                return successors[i];
            }
        }

        return successors[^1];
    }
}
