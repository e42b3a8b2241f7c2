using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Generation;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using Par.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Generation;

/// <summary>
/// Generation feeds a token at a time, yet every position must see what evaluation shows it: the memory of the
/// segments before and its own segment up to itself. Greedy decoding through the cache therefore equals greedy
/// decoding that recomputes the whole stream, segment by segment, for every token.
/// </summary>
public class SegmentStreamTests
{
    private const int Generated = 3 * TinyModels.Context;

    [Theory]
    [InlineData(2)]
    [InlineData(TinyModels.Context)]
    [InlineData(2 * TinyModels.Context)]
    public void Greedy_decoding_through_the_cache_equals_greedy_decoding_by_full_recomputation(int memoryLength)
    {
        using var model = Model(AttentionKind.Xl, memoryLength);
        int[] prompt = [3, 14, 15, 9, 2, 6, 5, 35, 8];

        var cached = TextGeneration.Continue(model, prompt, Generated, SamplingOptions.Greedy);

        var stream = prompt.ToList();
        for (var step = 0; step < Generated; step++)
        {
            using var logits = RecomputedLastLogits(model, stream);
            stream.Add((int)logits.argmax().item<long>());
        }

        Assert.Equal(stream.Skip(prompt.Length), cached);
    }

    [Fact]
    public void Tokens_fed_one_at_a_time_get_the_logits_of_a_pass_over_the_stream_in_segments()
    {
        using var model = Model(AttentionKind.Xl, memoryLength: 4);
        using var tokens = TinyModels.Tokens(1, 4 * TinyModels.Context, seed: 31);
        var ids = tokens[0].data<long>().Select(id => (int)id).ToArray();
        using var expected = SegmentedPass(model, ids);
        using var stream = new SegmentStream(model);

        for (var position = 0; position < ids.Length; position++)
        {
            using var logits = stream.Feed([ids[position]]);
            Assert.True(logits.allclose(expected[position], rtol: 0, atol: 1e-5), $"position {position} differs");
        }

        Assert.Equal(ids.Length, stream.Position);
    }

    [Fact]
    public void A_causal_model_sees_the_last_context_tokens()
    {
        using var model = Model(AttentionKind.Causal, memoryLength: 0);
        int[] prompt = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        using var stream = new SegmentStream(model);

        using var logits = stream.Feed(prompt);

        using var window = tensor(prompt[^TinyModels.Context..].Select(id => (long)id).ToArray()).unsqueeze(0);
        using var noGrad = no_grad();
        using var expected = model.forward(window);
        Assert.True(logits.allclose(expected[0, -1]));
    }

    private static LayoutModel Model(AttentionKind attention, int memoryLength)
    {
        manual_seed(30);
        var model = LayoutModel.Create(TinyModels.Model("s f s f", TinyModels.Parameters(attention, memory: memoryLength)));
        using (no_grad())
        {
            // Larger weights spread the logits, so the greedy choice is never a near tie.
            foreach (var parameter in model.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.3f);
            }
        }

        model.eval();
        return model;
    }

    /// <summary>Logits <c>[L, V]</c> of one evaluation-style pass: fresh recomputing memory, segments of context from the start.</summary>
    private static Tensor SegmentedPass(IParLanguageModel model, IReadOnlyList<int> ids)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var hp = model.HyperParameters;
        using var memory = new SegmentMemory(model.AttentionSlotCount, hp.Memory, cacheAttention: false);
        var segments = new List<Tensor>();
        for (var start = 0; start < ids.Count; start += hp.Context)
        {
            var segment = ids.Skip(start).Take(hp.Context).Select(id => (long)id).ToArray();
            segments.Add(model.forward(tensor(segment).unsqueeze(0), memory)[0]);
        }

        return cat(segments, 0).MoveToOuterDisposeScope();
    }

    private static Tensor RecomputedLastLogits(IParLanguageModel model, IReadOnlyList<int> ids)
    {
        using var scope = NewDisposeScope();
        return SegmentedPass(model, ids)[-1].MoveToOuterDisposeScope();
    }
}
