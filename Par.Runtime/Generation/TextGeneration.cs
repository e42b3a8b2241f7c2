using System;
using System.Collections.Generic;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Models;
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

        using var sampler = new TokenSampler(sampling);
        using var stream = new SegmentStream(model, cacheAttention, device);
        var drawn = new List<int>(count);
        var logits = stream.Feed(prompt);
        while (true)
        {
            var token = sampler.Next(logits);
            logits.Dispose();
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
    /// The prompt's tokens. Word tokens end every line with <c>&lt;eos&gt;</c>, the last one too; a prompt that does not
    /// end in a newline continues its last line, so that <c>&lt;eos&gt;</c> is dropped.
    /// </summary>
    public static int[] EncodePrompt(ITokenizer tokenizer, string prompt)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var tokens = tokenizer.Encode(prompt);
        return tokenizer is WordTokenizer && !prompt.EndsWith('\n') && tokens.Length > 0 && tokens[^1] == WordTokenizer.EndOfLineId
            ? tokens[..^1]
            : tokens;
    }
}
