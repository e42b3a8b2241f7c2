using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Runtime.Data;

/// <summary>
/// The token names of the <see cref="SyntheticCorpus"/>: the markers <c>&lt;sep&gt;</c> and <c>QUERY</c>,
/// then keys <c>k0..</c>, values <c>v0..</c>, statements <c>k0=v0..</c> (one token per key/value pair)
/// and filler words <c>w0..</c>. Encoding takes space-separated token names. For masked-language-model training
/// <see cref="WithMaskToken"/> appends <see cref="Data.MaskToken"/> as the last id, which no generated stream holds.
/// </summary>
public sealed class SyntheticVocabulary : ITokenizer
{
    public const string TokenizerName = "synthetic";
    public const int Separator = 0;
    public const int Query = 1;
    public const int MarkerCount = 2;

    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    public SyntheticVocabulary(IEnumerable<string> names, bool hasMaskToken = false)
    {
        this.names = names.ToArray();
        if (hasMaskToken && (this.names.Length == 0 || this.names[^1] != Data.MaskToken.Text))
        {
            throw new ArgumentException($"A synthetic vocabulary with a mask token ends with {Data.MaskToken.Text}.", nameof(names));
        }

        MaskToken = hasMaskToken ? this.names.Length - 1 : null;
        ids = this.names.Select((name, id) => (name, id)).ToDictionary(pair => pair.name, pair => pair.id, StringComparer.Ordinal);
    }

    /// <summary>The vocabulary for the given numbers of keys, values and filler words.</summary>
    public static SyntheticVocabulary Create(int keys, int values, int fillers) =>
        new(new[] { "<sep>", "QUERY" }
            .Concat(Enumerable.Range(0, keys).Select(i => $"k{i}"))
            .Concat(Enumerable.Range(0, values).Select(i => $"v{i}"))
            .Concat(Enumerable.Range(0, keys * values).Select(i => $"k{i / values}=v{i % values}"))
            .Concat(Enumerable.Range(0, fillers).Select(i => $"w{i}")));

    public string Name => TokenizerName;

    public int? MaskToken { get; }

    /// <summary>This vocabulary with <see cref="Data.MaskToken"/> appended (itself when it has one already).</summary>
    public SyntheticVocabulary WithMaskToken() => MaskToken is null ? new SyntheticVocabulary(names.Append(Data.MaskToken.Text), hasMaskToken: true) : this;

    public int VocabularySize => names.Length;

    public LossUnit LossUnit => LossUnit.BitsPerToken;

    public int[] Encode(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(name => ids.TryGetValue(name, out var id) ? id : throw new ArgumentException($"'{name}' is not a synthetic token.", nameof(text)))
            .ToArray();

    public string Decode(IEnumerable<int> tokens) => string.Join(" ", tokens.Select(token => names[token]));

    public TokenizerDescription Describe() => new(TokenizerName, VocabularySize, names, MaskToken is not null);
}
