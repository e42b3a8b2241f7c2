using System;

namespace Par.Runtime.Data;

/// <summary>
/// A corpus turned into token streams with its tokenizer: what training, evaluation and search consume.
/// <see cref="Load"/> understands the names the CLI accepts: <c>synthetic</c> (the built-in corpus), a
/// WikiText-style folder or a single text file with <c>bytes</c> or <c>words</c> tokenization.
/// </summary>
public sealed record Dataset(string Name, ITokenizer Tokenizer, TokenStream Train, TokenStream Valid, TokenStream Test)
{
    public const string Synthetic = "synthetic";
    public const string Bytes = "bytes";
    public const string Words = "words";

    /// <summary>The most frequent words kept by <c>words</c> tokenization (the rest become <c>&lt;unk&gt;</c>).</summary>
    public const int DefaultWordVocabulary = 32_000;

    /// <summary>
    /// Loads <paramref name="data"/> (<c>synthetic</c>, a folder or a file) tokenized as <paramref name="tokens"/>, with
    /// <see cref="MaskToken"/> as one more token when <paramref name="maskToken"/> (for masked-language-model training).
    /// Throws <see cref="CorpusException"/> for missing, empty or binary data (or, for words, text that is not UTF-8) and <see cref="ArgumentException"/>
    /// for a tokenization that does not fit the data.
    /// </summary>
    public static Dataset Load(string data, string? tokens, int wordVocabulary = DefaultWordVocabulary, SyntheticCorpusOptions? synthetic = null, bool maskToken = false)
    {
        if (string.Equals(data, Synthetic, StringComparison.Ordinal))
        {
            if (tokens is not null && tokens != Synthetic)
            {
                throw new ArgumentException($"the built-in synthetic corpus has its own tokens; drop --tokens {tokens}.");
            }

            var corpus = SyntheticCorpus.Generate(synthetic);
            return new Dataset(Synthetic, maskToken ? corpus.Vocabulary.WithMaskToken() : corpus.Vocabulary, corpus.Train, corpus.Valid, corpus.Test);
        }

        var text = Corpus.Load(data);
        return tokens switch
        {
            Bytes => ByteTokens(text, maskToken),
            Words => WordTokens(text, wordVocabulary, maskToken),
            null => throw new ArgumentException($"say how to tokenize {data}: --tokens bytes (bits per byte) or --tokens words (perplexity)."),
            _ => throw new ArgumentException($"unknown tokenization '{tokens}': use bytes or words."),
        };
    }

    // The file's bytes as they are: byte tokens model any byte, so the text is never decoded and encoded again.
    private static Dataset ByteTokens(Corpus corpus, bool maskToken)
    {
        static TokenStream Stream(CorpusSplit split) => new(ByteTokenizer.Tokens(split.Bytes), source: split.Describe());
        return new Dataset(corpus.Source, new ByteTokenizer(maskToken), Stream(corpus.Train), Stream(corpus.Valid), Stream(corpus.Test));
    }

    // Words are text: each split must decode as UTF-8, or its file and first invalid byte are named.
    private static Dataset WordTokens(Corpus corpus, int vocabulary, bool maskToken)
    {
        var train = corpus.Train.DecodeUtf8();
        var valid = corpus.Valid.DecodeUtf8();
        var test = corpus.Test.DecodeUtf8();
        var tokenizer = WordTokenizer.Build(train, vocabulary, maskToken);
        return new Dataset(
            corpus.Source,
            tokenizer,
            new TokenStream(tokenizer.Encode(train), source: corpus.Train.Describe()),
            new TokenStream(tokenizer.Encode(valid), source: corpus.Valid.Describe()),
            new TokenStream(tokenizer.Encode(test), source: corpus.Test.Describe()));
    }
}
