using System;
using System.Globalization;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>
/// The synthetic corpus's promise, measured: a feed-forward-only layout stays at chance on the recall
/// tokens (it cannot see other positions), a layout with attention learns them.
/// </summary>
internal static class RecallComparison
{
    public static void Run(int steps)
    {
        var corpus = Dataset.Load(Dataset.Synthetic, null);
        Console.WriteLine($"## Recall on the synthetic corpus, {steps} steps, d_model 128 ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| layout | valid loss | recall loss (chance 2.08) | recall accuracy (chance 0.125) | train s |");
        Console.WriteLine("|---|---|---|---|---|");
        using var work = new ScratchDirectory("par-bench-recall");
        foreach (var layout in new[] { "(ff)x2", "(sf)x2" })
        {
            var text = $"model Recall {{\n layout = {layout}\n d_model = 128\n heads = 4\n d_ff = 512\n vocab = {corpus.Tokenizer.VocabularySize}\n context = 48\n memory = 48\n dropout = 0\n}}";
            manual_seed(1);
            using var model = LayoutModel.Create(ParParser.Parse(text, "Recall.par").Models[0]);
            var options = new TrainingOptions
            {
                Steps = steps, Batch = 16, Context = 48, LearningRate = 3e-3, WarmupSteps = 30,
                EvalInterval = 0, CheckpointInterval = 0,
                CheckpointDirectory = System.IO.Path.Combine(work.Path, layout),
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            new Trainer(model, new TrainingData(corpus.Train, null, corpus.Tokenizer, text), options).Run();
            var valid = Evaluator.Evaluate(model, corpus.Valid, 16, 48, corpus.Tokenizer.LossUnit);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| `{0}` | {1:F3} | {2:F3} | {3:F2} | {4:F0} |",
                layout, valid.Loss, valid.RecallLoss, valid.RecallAccuracy, clock.Elapsed.TotalSeconds));
        }
    }
}
