using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Runtime.Files;

namespace Par.Runtime.Training;

/// <summary>Writes the training history beside the checkpoint as <c>history.csv</c>: step, train loss, validation loss (when measured).</summary>
public static class TrainingHistoryFile
{
    public const string FileName = "history.csv";

    public static void Write(IReadOnlyList<TrainingRecord> history, string folder)
    {
        var lines = history.Select(record => string.Join(
            ",",
            record.Step.ToString(CultureInfo.InvariantCulture),
            record.TrainLoss.ToString("R", CultureInfo.InvariantCulture),
            record.ValidLoss?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty));
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), string.Concat(lines.Prepend("step,train_loss,valid_loss").Select(line => line + "\n")));
    }
}
