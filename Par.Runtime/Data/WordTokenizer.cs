using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Runtime.Data;

/// <summary>
/// WikiText-style word tokens: whitespace-separated words, an <c>&lt;eos&gt;</c> at the end of every line,
/// words outside the vocabulary mapped to <c>&lt;unk&gt;</c>. The vocabulary comes from the training split
/// only: <c>&lt;unk&gt;</c> (id 0), <c>&lt;eos&gt;</c> (id 1), then words by descending frequency, ties broken
/// by ordinal string order, capped at a maximum size. Reported as perplexity. Built for masked-language-model
/// training, <see cref="Data.MaskToken"/> follows as the last id (never counted as a corpus word), and the word
/// <c>[MASK]</c> in a text encodes to it.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    public const string TokenizerName = "word";
    public const string Unknown = "<unk>";
    public const string EndOfLine = "<eos>";
    public const int EndOfLineId = 1;

    private static readonly char[] Separators = { ' ', '\t', '\r' };
    private readonly string[] words;
    private readonly Dictionary<string, int> ids;

    public WordTokenizer(IEnumerable<string> vocabulary, bool hasMaskToken = false)
    {
        words = vocabulary.ToArray();
        if (words.Length < 2 || words[0] != Unknown || words[1] != EndOfLine)
        {
            throw new ArgumentException($"A word vocabulary starts with {Unknown} and {EndOfLine}.", nameof(vocabulary));
        }

        if (hasMaskToken && (words.Length < 3 || words[^1] != Data.MaskToken.Text))
        {
            throw new ArgumentException($"A word vocabulary with a mask token ends with {Data.MaskToken.Text}.", nameof(vocabulary));
        }

        MaskToken = hasMaskToken ? words.Length - 1 : null;

        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            ids[words[i]] = i;
        }
    }

    /// <summary>
    /// Builds the vocabulary from <paramref name="trainText"/>, keeping at most <paramref name="maxSize"/> tokens including
    /// the two specials, then <see cref="Data.MaskToken"/> when <paramref name="withMaskToken"/>.
    /// </summary>
    public static WordTokenizer Build(string trainText, int maxSize, bool withMaskToken = false)
    {
        if (maxSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), "The vocabulary holds at least <unk> and <eos>.");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in trainText.Split('\n'))
        {
            foreach (var word in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (word is Unknown or EndOfLine || (withMaskToken && word == Data.MaskToken.Text))
                {
                    continue;
                }

                counts[word] = counts.TryGetValue(word, out var count) ? count + 1 : 1;
            }
        }

        var frequent = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(maxSize - 2)
            .Select(pair => pair.Key);
        var vocabulary = new[] { Unknown, EndOfLine }.Concat(frequent);
        return withMaskToken ? new WordTokenizer(vocabulary.Append(Data.MaskToken.Text), hasMaskToken: true) : new WordTokenizer(vocabulary);
    }

    public string Name => TokenizerName;

    public int VocabularySize => words.Length;

    public int? MaskToken { get; }

    public LossUnit LossUnit => LossUnit.Perplexity;

    public IReadOnlyList<string> Vocabulary => words;

    public int[] Encode(string text)
    {
        var tokens = new List<int>();
        var lines = text.Split('\n');
        // A trailing newline ends the last line rather than starting an empty one.
        var lineCount = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < lineCount; i++)
        {
            foreach (var word in lines[i].Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                tokens.Add(ids.TryGetValue(word, out var id) ? id : 0);
            }

            tokens.Add(EndOfLineId);
        }

        return tokens.ToArray();
    }

    public string Decode(IEnumerable<int> tokens)
    {
        var text = new System.Text.StringBuilder();
        var lineStart = true;
        foreach (var token in tokens)
        {
            if (token == EndOfLineId)
            {
                text.Append('\n');
                lineStart = true;
                continue;
            }

            if (!lineStart)
            {
                text.Append(' ');
            }

            text.Append(words[token]);
            lineStart = false;
        }

        return text.ToString();
    }

    public TokenizerDescription Describe() => new(TokenizerName, VocabularySize, words, MaskToken is not null);
}
