using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Par.Runtime.Data;

/// <summary>
/// UTF-8 bytes as tokens (vocabulary 256), reported in bits per byte like enwik8. Built for masked-language-model
/// training it has a 257th token, <see cref="Data.MaskToken"/> (id 256), which no byte of a corpus can produce and which
/// the text <c>[MASK]</c> encodes to.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    public const string TokenizerName = "byte";
    public const int ByteCount = 256;

    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Data.MaskToken.Text);

    public ByteTokenizer(bool withMaskToken = false)
    {
        MaskToken = withMaskToken ? ByteCount : null;
    }

    public string Name => TokenizerName;

    public int VocabularySize => MaskToken is null ? ByteCount : ByteCount + 1;

    public int? MaskToken { get; }

    public LossUnit LossUnit => LossUnit.BitsPerByte;

    /// <summary>Each byte as it is: a corpus's raw bytes, whatever their encoding.</summary>
    public static int[] Tokens(byte[] bytes) => bytes.Select(b => (int)b).ToArray();

    public int[] Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (MaskToken is not { } mask)
        {
            return Tokens(bytes);
        }

        var tokens = new List<int>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(MaskBytes))
            {
                tokens.Add(mask);
                i += MaskBytes.Length - 1;
            }
            else
            {
                tokens.Add(bytes[i]);
            }
        }

        return tokens.ToArray();
    }

    public string Decode(IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (token == MaskToken)
            {
                bytes.AddRange(MaskBytes);
            }
            else
            {
                bytes.Add((byte)token);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public TokenizerDescription Describe() => new(TokenizerName, VocabularySize, null, MaskToken is not null);
}
