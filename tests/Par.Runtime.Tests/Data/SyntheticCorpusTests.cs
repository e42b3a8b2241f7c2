using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Data;
using Par.Text;

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
        var vocabulary = corpus.Vocabulary;
        var tokens = corpus.Train.Tokens;
        var mask = corpus.Train.RecallMask!;
        var stated = new Dictionary<string, (string Value, int Position)>();
        var recalls = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var name = vocabulary.Decode([tokens[i]]);
            if (name.Contains('='))
            {
                var parts = name.Split('=');
                stated[parts[0]] = (parts[1], i);
            }

            var answersQuery = i >= 2 && tokens[i - 2] == SyntheticVocabulary.Query;
            Assert.Equal(answersQuery, mask[i]);
            if (mask[i])
            {
                recalls++;
                var (value, position) = stated[vocabulary.Decode([tokens[i - 1]])];
                Assert.Equal(value, name);
                Assert.True(i - position > Small.MinGap, $"recall at {i} is only {i - position} tokens from its statement");
            }
        }

        Assert.True(recalls > 100);
    }

    [Fact]
    public void A_key_is_never_stated_again_within_the_next_two_episodes()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var names = corpus.Train.Tokens.Select(token => corpus.Vocabulary.Decode([token])).ToList();
        var episodes = new List<HashSet<string>>();
        foreach (var name in names)
        {
            if (name == "<sep>")
            {
                episodes.Add([]);
            }
            else if (name.Contains('='))
            {
                episodes[^1].Add(name.Split('=')[0]);
            }
        }

        for (var episode = 1; episode < episodes.Count; episode++)
        {
            for (var back = 1; back <= SyntheticCorpusOptions.EpisodesWithDistinctKeys && episode - back >= 0; back++)
            {
                Assert.Empty(episodes[episode].Intersect(episodes[episode - back]));
            }
        }
    }

    [Fact]
    public void Recall_tokens_are_decoded_as_values_after_a_query_key()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var text = corpus.Vocabulary.Decode(corpus.Train.Tokens.Take(60));

        Assert.Matches("^<sep> k[0-9]+=v[0-9]+ ", text);
        Assert.Matches("QUERY k[0-9]+ v[0-9]+", text);
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
            .GroupBy(i => tokens[i - 1], i => tokens[i]);
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
