using System.Globalization;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Spectre.Console;

namespace Par.Cli.Console;

/// <summary>
/// The result of a training or evaluation run, for people (a table) and scripts (JSON). An encoder's losses are those of
/// its masked positions, its headline their perplexity, with their accuracy beside it.
/// </summary>
internal static class ResultTable
{
    public static void Write(CliOutput output, string model, string layout, double trainLoss, EvaluationResult valid, EvaluationResult? test = null)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "layout", "train loss", "valid loss", $"valid {valid.HeadlineName}");
        if (valid.RecallLoss is not null)
        {
            table.AddColumns("recall loss", "recall accuracy");
        }

        if (valid.IsMasked)
        {
            table.AddColumns("valid masked accuracy");
        }

        if (test is not null)
        {
            table.AddColumns($"test {test.HeadlineName}");
        }

        var cells = new System.Collections.Generic.List<string>
        {
            Markup.Escape(model), Markup.Escape(layout), Number(trainLoss), Number(valid.Loss), Number(valid.Headline),
        };
        if (valid.RecallLoss is { } recallLoss)
        {
            cells.Add(Number(recallLoss));
            cells.Add(Number(valid.RecallAccuracy ?? double.NaN));
        }

        if (valid.MaskedAccuracy is { } maskedAccuracy)
        {
            cells.Add(Number(maskedAccuracy));
        }

        if (test is not null)
        {
            cells.Add(Number(test.Headline));
        }

        table.AddRow(cells.ToArray());
        output.Write(table);
    }

    public static object Json(string model, string layout, int step, double trainLoss, EvaluationResult valid, string checkpoint, EvaluationResult? test = null) => new
    {
        model,
        layout,
        step,
        train_loss = trainLoss,
        valid_loss = valid.Loss,
        valid_bpc = valid.Unit == LossUnit.Perplexity || valid.IsMasked ? (double?)null : valid.BitsPerToken,
        valid_ppl = valid.Unit == LossUnit.Perplexity || valid.IsMasked ? valid.Perplexity : (double?)null,
        valid_recall_loss = valid.RecallLoss,
        valid_recall_accuracy = valid.RecallAccuracy,
        valid_masked_accuracy = valid.MaskedAccuracy,
        test_loss = test?.Loss,
        test_bpc = test is null || test.Unit == LossUnit.Perplexity || test.IsMasked ? (double?)null : test.BitsPerToken,
        test_ppl = test is not null && (test.Unit == LossUnit.Perplexity || test.IsMasked) ? test.Perplexity : (double?)null,
        test_masked_accuracy = test?.MaskedAccuracy,
        unit = valid.HeadlineName,
        checkpoint,
    };

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
