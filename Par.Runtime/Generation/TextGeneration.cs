using System;
using System.Collections.Generic;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Generation;

/// <summary>Continues a prompt with tokens drawn from a model, fed segment by segment through the inference cache.</summary>
public static class TextGeneration
{
    /// <summary>
    /// Draws <paramref name="count"/> tokens after <paramref name="prompt"/>, handing each to <paramref name="onToken"/> as
    /// soon as it is drawn, and returns them. An encoder is refused: trained to fill in masks, it does not predict what follows.
    /// </summary>
    public static IReadOnlyList<int> Continue(
        IParLanguageModel model, IReadOnlyList<int> prompt, int count, SamplingOptions sampling, Action<int>? onToken = null, bool cacheAttention = true, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        }

        if (model.HyperParameters.Attention.IsBidirectional())
        {
            throw new ArgumentException($"'{model.Name}' is a bidirectional encoder: it fills in masked tokens (MaskFilling), it does not continue text.", nameof(model));
        }

        var sampler = new TokenSampler(sampling);
        using var stream = new SegmentStream(model, cacheAttention, device);
        var drawn = new List<int>(count);
        var logits = stream.Feed(prompt);
        while (true)
        {
            int token;
            using (logits)
            using (var scores = logits.detach().to(CPU).to_type(ScalarType.Float32))
            {
                token = sampler.Next(scores.data<float>().ToArray());
            }

            drawn.Add(token);
            onToken?.Invoke(token);
            if (drawn.Count == count)
            {
                return drawn;
            }

            logits = stream.Feed([token]);
        }
    }
}
