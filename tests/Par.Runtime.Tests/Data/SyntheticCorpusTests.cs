using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Data;

namespace Par.Runtime.Tests.Data;

public class SyntheticCorpusTests
{
    private static readonly SyntheticCorpusOptions Small = new() { TrainTokens = 5_000, ValidTokens = 1_000, TestTokens = 1_000 };

    [Fact]
    public void The_same_seed_gives_the_same_corpus_and_another_seed_another()
    {
        var first = SyntheticCorpus.Generate(Small);
        var second = SyntheticCorpus.Generate(Small);
        var other = SyntheticCorpus.Generate(Small with { Seed = 7 });

        Assert.Equal(first.Train.Tokens, second.Train.Tokens);
        Assert.Equal(first.Train.RecallMask, second.Train.RecallMask);
        Assert.NotEqual(first.Train.Tokens, other.Train.Tokens);
        Assert.NotEqual(first.Train.Tokens, first.Valid.Tokens.Concat(first.Train.Tokens).Take(first.Train.Count));
        Assert.Equal(5_000, first.Train.Count);
        Assert.Equal(Small.VocabularySize, first.Vocabulary.VocabularySize);
    }

    [Fact]
    public void Every_recall_token_answers_a_query_with_the_value_stated_for_its_key_far_enough_back()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var tokens = corpus.Train.Tokens;
        var mask = corpus.Train.RecallMask!;
        var stated = new Dictionary<int, (int Value, int Position)>();
        var recalls = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == SyntheticVocabulary.Separator)
            {
                stated.Clear();
            }

            if (i >= 3 && tokens[i - 3] == SyntheticVocabulary.Key && tokens[i - 1] == SyntheticVocabulary.Value)
            {
                stated[tokens[i - 2]] = (tokens[i], i);
            }

            var answersQuery = i >= 3 && tokens[i - 3] == SyntheticVocabulary.Query && tokens[i - 1] == SyntheticVocabulary.Arrow;
            Assert.Equal(answersQuery, mask[i]);
            if (mask[i])
            {
                recalls++;
                var (value, position) = stated[tokens[i - 2]];
                Assert.Equal(value, tokens[i]);
                Assert.True(i - position >= Small.MinGap, $"recall at {i} is only {i - position} tokens from its statement");
            }
        }

        Assert.True(recalls > 100);
    }

    [Fact]
    public void Recall_tokens_are_decoded_as_values_after_an_arrow()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var text = corpus.Vocabulary.Decode(corpus.Train.Tokens.Take(60));

        Assert.StartsWith("<sep> KEY k", text);
        Assert.Equal(corpus.Train.Tokens.Take(60), corpus.Vocabulary.Encode(text));
    }

    [Fact]
    public void Local_context_cannot_predict_recall_tokens()
    {
        // Even knowing the queried key, the value is a fresh draw per episode: H(value | key) stays near ln(Values),
        // so only a model that sees the statement tens of tokens back can do better.
        var corpus = SyntheticCorpus.Generate(Small with { TrainTokens = 50_000 });
        var tokens = corpus.Train.Tokens;
        var byKey = Enumerable.Range(0, tokens.Count)
            .Where(i => corpus.Train.RecallMask![i])
            .GroupBy(i => tokens[i - 2], i => tokens[i]);
        double entropy = 0, total = 0;
        foreach (var key in byKey)
        {
            var count = key.Count();
            foreach (var value in key.GroupBy(v => v))
            {
                var p = (double)value.Count() / count;
                entropy -= count * p * System.Math.Log(p);
            }

            total += count;
        }

        Assert.InRange(entropy / total, System.Math.Log(Small.Values) - 0.2, System.Math.Log(Small.Values));
    }
}
