using System.Collections.Generic;
using System.Globalization;
using Par.Runtime.Data;

namespace Par.Runtime.Training;

/// <summary>
/// What a training run is started with and a resumed run must keep: the model's <c>.par</c> text, the training and
/// validation data (by content), the seed and the segment shape. A checkpoint records them; resuming under other
/// values is refused. What may change on resume: the step count (to extend a run), the learning-rate schedule,
/// weight decay, clipping and the evaluation, logging and checkpoint intervals.
/// </summary>
public sealed record TrainingRunSettings(string ParText, TokenStreamDigest TrainingData, TokenStreamDigest? ValidationData, long Seed, int Batch, int Context)
{
    public static TrainingRunSettings Of(TrainingData data, TrainingOptions options) => new(
        data.ParText,
        TokenStreamDigest.Of(data.Train),
        data.Valid is null ? null : TokenStreamDigest.Of(data.Valid),
        options.Seed,
        options.Batch,
        options.Context);

    /// <summary>Each setting that differs from <paramref name="recorded"/>, as <c>name recorded -> now</c>.</summary>
    public IReadOnlyList<string> DifferencesFrom(TrainingRunSettings recorded)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T before, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(before, now))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {before?.ToString() ?? "(none)"} -> {now?.ToString() ?? "(none)"}"));
            }
        }

        if (ModelTextDifference.First(recorded.ParText, ParText) is { } model)
        {
            differences.Add($"model: {model}");
        }

        Compare("training data", recorded.TrainingData, TrainingData);
        Compare("validation data", recorded.ValidationData, ValidationData);
        Compare("seed", recorded.Seed, Seed);
        Compare("batch", recorded.Batch, Batch);
        Compare("context", recorded.Context, Context);
        return differences;
    }
}
