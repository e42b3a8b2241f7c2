using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Validation;

namespace Par.Dsl.Printing;

/// <summary>
/// Canonical text of layouts, models and documents: what <c>par fmt</c> writes and what generated code reports
/// as <c>Layout</c>. Parsing the printed text gives back an equal model.
/// </summary>
public static class ParPrinter
{
    /// <summary>The canonical compressed layout, e.g. <c>(sfff)x6 (f)x8</c> (see <see cref="LayoutSegmenter"/> for the rules).</summary>
    public static string PrintLayout(IReadOnlyList<Layer> layout) => LayoutSegmenter.Print(layout);

    /// <summary>One model block with its layout and every hyper-parameter written out, in a fixed order.</summary>
    public static string Print(ParModel model)
    {
        var hyperParameters = model.HyperParameters;
        var builder = new StringBuilder();
        builder.Append("model ").Append(model.Name).Append(" {\n");
        AppendEntry(builder, HyperParameterNames.Layout, PrintLayout(model.Layout));
        AppendEntry(builder, HyperParameterNames.DModel, Integer(hyperParameters.DModel));
        AppendEntry(builder, HyperParameterNames.Heads, Integer(hyperParameters.Heads));
        AppendEntry(builder, HyperParameterNames.DFeedForward, Integer(hyperParameters.DFeedForward));
        AppendEntry(builder, HyperParameterNames.Vocab, Integer(hyperParameters.Vocab));
        AppendEntry(builder, HyperParameterNames.Context, Integer(hyperParameters.Context));
        AppendEntry(builder, HyperParameterNames.Memory, Integer(hyperParameters.Memory));
        AppendEntry(builder, HyperParameterNames.Dropout, Number(hyperParameters.Dropout));
        AppendEntry(builder, HyperParameterNames.Attention, hyperParameters.Attention.Name());
        AppendEntry(builder, HyperParameterNames.TieEmbeddings, hyperParameters.TieEmbeddings ? "true" : "false");
        return builder.Append("}\n").ToString();
    }

    /// <summary>The namespace line (if any), then every model, separated by blank lines.</summary>
    public static string Print(ParDocument document)
    {
        var parts = new List<string>();
        if (document.Namespace is not null)
        {
            parts.Add("namespace " + document.Namespace + "\n");
        }

        parts.AddRange(document.Models.Select(Print));
        return string.Join("\n", parts);
    }

    /// <summary>
    /// The canonical form of a whole file, or null when it has errors. A layout-only file stays a layout-only
    /// file (its layout on one line); a document is printed by <see cref="Print(ParDocument)"/>. Comments are not kept.
    /// </summary>
    public static string? Format(string text, string fileName)
    {
        var document = ParParser.Parse(text, fileName);
        if (document.HasErrors)
        {
            return null;
        }

        return ParParser.IsLayoutOnly(text) && document.Models.Count == 1
            ? PrintLayout(document.Models[0].Layout) + "\n"
            : Print(document);
    }

    /// <summary>True when the text parses without errors and is already in canonical form (for <c>par fmt --check</c>).</summary>
    public static bool IsCanonical(string text, string fileName) => Format(text, fileName) == text;

    private static void AppendEntry(StringBuilder builder, string key, string value) =>
        builder.Append("    ").Append(key).Append(" = ").Append(value).Append('\n');

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    // "R" is the shortest text that parses back to the same double; 0 is printed without a sign.
    private static string Number(double value) => value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);
}
