using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Par.Runtime.Data;

/// <summary>What identifies a token stream's content: its length and the SHA-256 of its token ids (little-endian int32).</summary>
public sealed record TokenStreamDigest(int Tokens, string Sha256)
{
    public static TokenStreamDigest Of(TokenStream stream)
    {
        var bytes = new byte[stream.Count * sizeof(int)];
        for (var index = 0; index < stream.Count; index++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(index * sizeof(int)), stream.Tokens[index]);
        }

        return new TokenStreamDigest(stream.Count, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Tokens:N0} tokens (sha256 {Sha256[..Math.Min(12, Sha256.Length)]})");
}
