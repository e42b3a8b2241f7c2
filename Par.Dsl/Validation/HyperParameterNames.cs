using System.Collections.Generic;

namespace Par.Dsl.Validation;

/// <summary>The keys of a model block, in the order the printer writes them.</summary>
public static class HyperParameterNames
{
    public const string Layout = "layout";
    public const string DModel = "d_model";
    public const string Heads = "heads";
    public const string DFeedForward = "d_ff";
    public const string Vocab = "vocab";
    public const string Context = "context";
    public const string Memory = "memory";
    public const string Dropout = "dropout";
    public const string Attention = "attention";
    public const string TieEmbeddings = "tie_embeddings";

    public static IReadOnlyList<string> All { get; } =
        new[] { Layout, DModel, Heads, DFeedForward, Vocab, Context, Memory, Dropout, Attention, TieEmbeddings };
}
