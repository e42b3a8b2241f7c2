using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Runtime.Data;

/// <summary>
/// The token names of the <see cref="SyntheticCorpus"/>: the markers <c>&lt;sep&gt;</c>, <c>KEY</c>, <c>VAL</c>,
/// <c>QUERY</c>, <c>-&gt;</c>, then keys <c>k0..</c>, values <c>v0..</c> and filler words <c>w0..</c>.
/// Encoding takes space-separated token names.
/// </summary>
public sealed class SyntheticVocabulary : ITokenizer
{
    public const string TokenizerName = "synthetic";
    public const int Separator = 0;
    public const int Key = 1;
    public const int Value = 2;
    public const int Query = 3;
    public const int Arrow = 4;
    public const int MarkerCount = 5;

    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    public SyntheticVocabulary(IEnumerable<string> names)
    {
        this.names = names.ToArray();
        ids = this.names.Select((name, id) => (name, id)).ToDictionary(pair => pair.name, pair => pair.id, StringComparer.Ordinal);
    }

    /// <summary>The vocabulary for the given numbers of keys, values and filler words.</summary>
    public static SyntheticVocabulary Create(int keys, int values, int fillers) =>
        new(new[] { "<sep>", "KEY", "VAL", "QUERY", "->" }
            .Concat(Enumerable.Range(0, keys).Select(i => $"k{i}"))
            .Concat(Enumerable.Range(0, values).Select(i => $"v{i}"))
            .Concat(Enumerable.Range(0, fillers).Select(i => $"w{i}")));

    public string Name => TokenizerName;

    public int VocabularySize => names.Length;

    public LossUnit LossUnit => LossUnit.BitsPerToken;

    public int[] Encode(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(name => ids.TryGetValue(name, out var id) ? id : throw new ArgumentException($"'{name}' is not a synthetic token.", nameof(text)))
            .ToArray();

    public string Decode(IEnumerable<int> tokens) => string.Join(" ", tokens.Select(token => names[token]));

    public TokenizerDescription Describe() => new(TokenizerName, VocabularySize, names);
}
