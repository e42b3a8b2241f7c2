using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Par.Text;

/// <summary>UTF-8 bytes as tokens (vocabulary 256), reported in bits per byte like enwik8.</summary>
public sealed class ByteTokenizer : ITokenizer
{
    public const string TokenizerName = "byte";

    public string Name => TokenizerName;

    public int VocabularySize => 256;

    public LossUnit LossUnit => LossUnit.BitsPerByte;

    /// <summary>Each byte as it is: a corpus's raw bytes, whatever their encoding.</summary>
    public static int[] Tokens(byte[] bytes) => bytes.Select(b => (int)b).ToArray();

    public int[] Encode(string text) => Tokens(Encoding.UTF8.GetBytes(text));

    public string Decode(IEnumerable<int> tokens) => Encoding.UTF8.GetString(tokens.Select(t => (byte)t).ToArray());

    public TokenizerDescription Describe() => new(TokenizerName, VocabularySize, null);
}
