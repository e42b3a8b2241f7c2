using System.Collections.Generic;
using System.Globalization;
using Par.Dsl.Model;
using Par.Dsl.Printing;

namespace Par.Cli.Models;

/// <summary>How models are shown to people and scripts: canonical layout text, DSL spellings of values.</summary>
internal static class ModelText
{
    public static string Layout(ParModel model) => ParPrinter.PrintLayout(model.Layout);

    public static string Attention(AttentionKind kind) => kind.Name();

    public static IReadOnlyDictionary<string, object> HyperParameterTable(HyperParameters hp) => new SortedDictionary<string, object>
    {
        ["d_model"] = hp.DModel,
        ["heads"] = hp.Heads,
        ["d_ff"] = hp.DFeedForward,
        ["vocab"] = hp.Vocab,
        ["context"] = hp.Context,
        ["memory"] = hp.Memory,
        ["dropout"] = hp.Dropout,
        ["attention"] = Attention(hp.Attention),
        ["tie_embeddings"] = hp.TieEmbeddings,
    };

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
