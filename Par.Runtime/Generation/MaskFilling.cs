using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Generation;

/// <summary>
/// What a masked language model predicts for each <c>[MASK]</c> of some texts: the texts run as one batch, padded at
/// the end to the longest, with a padding mask so that no text sees another's padding (<see cref="LayoutModel.ForwardPadded"/>).
/// </summary>
public static class MaskFilling
{
    /// <summary>What keeps <paramref name="tokens"/> from being filled in by a model of <paramref name="context"/> positions, or null.</summary>
    public static string? Problem(int[] tokens, int maskToken, int context) =>
        tokens.Length == 0 ? "is empty"
        : tokens.Length > context ? $"is {tokens.Length} tokens long, more than the model's context of {context}"
        : !tokens.Contains(maskToken) ? $"has no {Data.MaskToken.Text} to fill in"
        : null;

    /// <summary>
    /// The <paramref name="topK"/> most probable tokens at each position of each text that holds <paramref name="maskToken"/>,
    /// in text order; the mask token itself is never a candidate. Throws <see cref="ArgumentException"/> for a text that is empty, longer than the model's context or
    /// without a mask, for a <paramref name="topK"/> outside 1 to the vocabulary, and for a model that is not an encoder.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<MaskPrediction>> Predict(LayoutModel model, IReadOnlyList<int[]> texts, int maskToken, int topK)
    {
        var hp = model.HyperParameters;
        if (!hp.Attention.IsBidirectional())
        {
            throw new ArgumentException($"'{model.Name}' has {hp.Attention.Name()} attention; only a bidirectional model fills in masks.", nameof(model));
        }

        if (topK < 1 || topK >= hp.Vocab)
        {
            throw new ArgumentException($"top-k must be from 1 to the {hp.Vocab - 1} tokens besides the mask, got {topK}.", nameof(topK));
        }

        if (texts.Count == 0)
        {
            throw new ArgumentException("Give at least one text.", nameof(texts));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (Problem(texts[i], maskToken, hp.Context) is { } problem)
            {
                throw new ArgumentException($"Text {i + 1} {problem}.", nameof(texts));
            }
        }

        var length = texts.Max(text => text.Length);
        var tokens = new long[texts.Count * length];
        var isToken = new bool[texts.Count * length];
        for (var i = 0; i < texts.Count; i++)
        {
            for (var t = 0; t < texts[i].Length; t++)
            {
                tokens[(i * length) + t] = texts[i][t];
                isToken[(i * length) + t] = true;
            }
        }

        var module = model.AsModule();
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var device = model.ParameterDevice();
            long[] shape = { texts.Count, length };
            var logits = model.ForwardPadded(tensor(tokens, shape).to(device), tensor(isToken, shape).to(device));

            // [MASK] is a question, never an answer: no corpus holds it, so it is no candidate.
            using var impossible = double.NegativeInfinity.ToScalar();
            var probabilities = logits.index_fill(-1, tensor(new long[] { maskToken }, device: device), impossible).softmax(-1);
            var (best, ids) = probabilities.topk(topK, -1);
            var bestValues = best.cpu().data<float>().ToArray();
            var idValues = ids.cpu().data<long>().ToArray();
            return texts.Select((text, row) => (IReadOnlyList<MaskPrediction>)Enumerable.Range(0, text.Length)
                .Where(position => text[position] == maskToken)
                .Select(position => new MaskPrediction(position, Enumerable.Range(0, topK)
                    .Select(k => (((row * length) + position) * topK) + k)
                    .Select(at => new FillCandidate((int)idValues[at], bestValues[at]))
                    .ToList()))
                .ToList()).ToList();
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
