using System;
using System.Collections.Generic;
using Par.Text;

namespace Par.Onnx;

/// <summary>Continues a prompt with tokens drawn from an exported model, fed segment by segment (<see cref="OnnxSegmentStream"/>).</summary>
public static class OnnxTextGeneration
{
    /// <summary>
    /// Draws <paramref name="count"/> tokens after <paramref name="prompt"/>, handing each to <paramref name="onToken"/> as
    /// soon as it is drawn, and returns them. An encoder is refused: it fills in masked tokens, it does not continue text.
    /// </summary>
    public static IReadOnlyList<int> Continue(ParOnnxModel model, IReadOnlyList<int> prompt, int count, SamplingOptions sampling, Action<int>? onToken = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        if (model.Config.IsEncoder)
        {
            throw new ArgumentException($"'{model.Config.Name}' is a bidirectional encoder: it fills in masked tokens, it does not continue text.", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        }

        var sampler = new TokenSampler(sampling);
        using var stream = new OnnxSegmentStream(model);
        var drawn = new List<int>(count);
        var logits = stream.Feed(prompt);
        while (true)
        {
            var token = sampler.Next(logits);
            drawn.Add(token);
            onToken?.Invoke(token);
            if (drawn.Count == count)
            {
                return drawn;
            }

            logits = stream.Feed([token]);
        }
    }

    /// <summary>
    /// <paramref name="prompt"/> continued by <paramref name="count"/> tokens, as text, with the tokenizer stored in the
    /// model; a model exported from a .par file has none, so it is refused.
    /// </summary>
    public static string Continue(ParOnnxModel model, string prompt, int count, SamplingOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tokenizer = model.CreateTokenizer()
            ?? throw new InvalidOperationException($"{model.Path} holds no tokenizer (it was exported from a .par file, with fresh weights); feed it tokens.");
        var tokens = PromptTokens.Encode(tokenizer, prompt);
        var text = new StreamingText(tokenizer, tokens);
        var continuation = new System.Text.StringBuilder();
        foreach (var token in Continue(model, tokens, count, sampling))
        {
            continuation.Append(text.Append(token));
        }

        return continuation.Append(text.Flush()).ToString();
    }
}
