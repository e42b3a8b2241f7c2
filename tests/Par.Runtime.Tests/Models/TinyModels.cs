using System;
using System.Linq;
using Par.Dsl.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

/// <summary>Small models and inputs that keep the suite fast on a shared two-core machine.</summary>
internal static class TinyModels
{
    public const int DModel = 16;
    public const int Vocab = 50;
    public const int Context = 6;

    public static HyperParameters Parameters(AttentionKind attention, bool tied = true, int memory = Context, int context = Context) => new()
    {
        DModel = DModel,
        Heads = 2,
        DFeedForward = 32,
        Vocab = Vocab,
        Context = context,
        Memory = memory,
        Dropout = 0.1,
        Attention = attention,
        TieEmbeddings = tied,
    };

    /// <summary>A layout written one token per layer: <c>s</c>, <c>f</c>, <c>-</c> or a choice like <c>[sf-]</c>.</summary>
    public static ParModel Model(string layout, HyperParameters hp) =>
        new("Tiny", layout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseLayer).ToEquatableArray(), hp);

    public static Tensor Tokens(int batch, int length, ulong seed)
    {
        using var generator = new Generator(seed);
        return randint(Vocab, new long[] { batch, length }, ScalarType.Int64, generator: generator);
    }

    private static Layer ParseLayer(string token) =>
        new(token.Trim('[', ']').Select(symbol => symbol switch
        {
            's' => BlockKind.SelfAttention,
            'f' => BlockKind.FeedForward,
            '-' => BlockKind.Identity,
            _ => throw new ArgumentException($"Unknown block symbol '{symbol}'."),
        }).ToEquatableArray());
}
