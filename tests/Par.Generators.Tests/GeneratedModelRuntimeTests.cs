using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Par.Dsl.Parsing;
using Par.Dsl.Planning;
using Par.Generators.Tests.Infrastructure;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Generators.Tests;

/// <summary>
/// Generated classes, compiled and loaded, behave as the contract says: the ParameterCount constant is the
/// real count, the state_dict matches <see cref="LayoutModel"/>'s key for key (weights load across and give the
/// same logits, with and without memory), and forward maps <c>[B, T]</c> tokens to <c>[B, T, V]</c> logits
/// without leaking tensors. Needs libtorch (run under `./par exec` on Debian 12).
/// </summary>
public sealed class GeneratedModelRuntimeTests
{
    private const int Batch = 2;
    private const int Tokens = 8;

    // Compiled and loaded once: an assembly name can be loaded only once into the default context.
    private static readonly Lazy<Assembly> Generated = new(() => CompileAndLoad(
        new InMemoryAdditionalText("Tiny.par", ParSamples.Tiny),
        new InMemoryAdditionalText("Supernet.par", ParSamples.Supernet),
        new InMemoryAdditionalText("Planned.par", ParSamples.Planned),
        new InMemoryAdditionalText("Encoder.par", ParSamples.Encoder)));

    [Theory]
    [InlineData("Tiny")]
    [InlineData("Supernet")]
    [InlineData("Encoder")]
    public void ParameterCountConstantIsTheRuntimeParameterCount(string name)
    {
        using var model = Create(name);

        var constant = (long)Type(name).GetField("ParameterCount")!.GetRawConstantValue()!;
        Assert.Equal(constant, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Theory]
    [InlineData("Tiny", ParSamples.Tiny)]
    [InlineData("Supernet", ParSamples.Supernet)]
    [InlineData("Encoder", ParSamples.Encoder)]
    public void StateDictMatchesLayoutModelAndWeightsLoadAcross(string name, string parText)
    {
        torch.manual_seed(7);
        using var generated = Create(name);
        using var reference = new LayoutModel(ParParser.Parse(parText, name + ".par").Models.Single());

        var referenceState = reference.state_dict();
        Assert.Equal(referenceState.Keys, generated.state_dict().Keys);

        generated.load_state_dict(referenceState);
        generated.eval();
        reference.eval();
        var model = (IParLanguageModel)generated;
        using var generatedMemory = model.CreateMemory();
        using var referenceMemory = reference.CreateMemory();

        // The second segment attends over the first through memory, so a wrong slot number shows up there.
        foreach (var segment in new[] { 0, 1 })
        {
            using var tokens = RandomTokens(model);
            using var expected = reference.forward(tokens, referenceMemory);
            using var actual = model.forward(tokens, generatedMemory);
            Assert.True(expected.allclose(actual), $"Segment {segment}: generated and layout-built {name} disagree on the same weights.");
        }
    }

    [Fact]
    public void InferenceThroughTheAttentionCacheGivesTheRecomputedLogitsAndKeepsTheKeys()
    {
        torch.manual_seed(8);
        using var module = Create("Tiny");
        module.eval();
        using var noGrad = torch.no_grad();
        var model = (IParLanguageModel)module;
        var hp = model.HyperParameters;
        using var recomputed = new SegmentMemory(model.AttentionSlotCount, hp.Memory, cacheAttention: false);
        var segments = Enumerable.Range(0, 4).Select(_ => RandomTokens(model)).ToList();
        var expected = segments.Select(tokens => model.forward(tokens, recomputed)).ToList();
        using var cached = new SegmentMemory(model.AttentionSlotCount, hp.Memory, cacheAttention: true);
        var statistics = DisposeScopeManager.Statistics;
        statistics.Reset();

        for (var segment = 0; segment < segments.Count; segment++)
        {
            using var actual = model.forward(segments[segment], cached);

            Assert.True(actual.allclose(expected[segment], rtol: 0, atol: 1e-5), $"Segment {segment}: the cached path of the generated class gives other logits.");

            // Besides the logits, per slot: the hidden states, their keys and values, and the position keys.
            Assert.Equal(1 + (4 * model.AttentionSlotCount), statistics.ThreadTotalLiveCount);
        }

        segments.Concat(expected).ToList().ForEach(tensor => tensor.Dispose());
    }

    [Fact]
    public void ForwardGivesLogitsPerToken()
    {
        using var module = Create("Tiny");
        var model = (IParLanguageModel)module;
        using var tokens = RandomTokens(model);

        using var logits = model.forward(tokens);

        Assert.Equal(new long[] { Batch, Tokens, model.HyperParameters.Vocab }, logits.shape);
        Assert.Equal(2, model.AttentionSlotCount);
    }

    [Fact]
    public void ForwardLeavesNoTensorBehindButItsLogits()
    {
        using var model = Create("Tiny");
        using var tokens = RandomTokens((IParLanguageModel)model);
        model.forward(tokens).Dispose();

        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.forward(tokens).Dispose();

        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SupernetExposesItsMixedLayersInLayerOrder()
    {
        using var model = Create("Supernet");

        var mixedLayers = (IReadOnlyList<MixedLayer>)Type("Supernet").GetProperty("MixedLayers")!.GetValue(model)!;
        var registered = model.named_children().Select(child => child.module).OfType<MixedLayer>();
        Assert.Equal(4, mixedLayers.Count);
        Assert.Equal(registered, mixedLayers);
    }

    [Fact]
    public void TheLayerPlanNamesTheGeneratedFieldsAndNumbersTheirMemorySlots()
    {
        var document = ParParser.Parse(ParSamples.Planned, "Planned.par");
        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        var plan = LayerPlan.Of(document.Models.Single());
        using var module = Create("Planned");
        module.eval();
        using var noGrad = torch.no_grad();
        var model = (IParLanguageModel)module;

        var names = plan.Modules.Select(layer => layer.Name!).Prepend(LayerPlan.Embedding).Append(LayerPlan.Output).ToList();
        var fields = Type("Planned").GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(field => typeof(nn.Module).IsAssignableFrom(field.FieldType))
            .Select(field => field.Name);
        Assert.Equal(names, fields);
        Assert.Equal(names, module.named_children().Select(child => child.name));
        Assert.Equal(plan.SlotCount, model.AttentionSlotCount);
        Assert.Equal(new[] { 0, 1, 2 }, plan.Layers.Where(layer => layer.Slot is not null).Select(layer => layer.Slot!.Value));

        // Slot k must hold what entered the layer the plan gives slot k: replay the layers one by one in plan order.
        using var tokens = RandomTokens(model);
        using var memory = model.CreateMemory();
        using (model.forward(tokens, memory))
        {
        }

        var children = module.named_children().ToDictionary(child => child.name, child => child.module);
        var hidden = ((nn.Module<Tensor, Tensor>)children[LayerPlan.Embedding]).forward(tokens);
        foreach (var layer in plan.Modules)
        {
            if (layer.Slot is { } slot)
            {
                Assert.True(memory[slot]!.allclose(hidden, rtol: 0, atol: 1e-6), $"slot {slot} does not hold the input of {layer.Name}");
            }

            hidden = ((nn.Module<Tensor, Tensor>)children[layer.Name!]).forward(hidden);
        }
    }

    [Fact]
    public void AGeneratedEncoderGivesTheLayoutModelsLogitsForAPaddedBatch()
    {
        torch.manual_seed(9);
        using var generated = Create("Encoder");
        using var reference = new LayoutModel(ParParser.Parse(ParSamples.Encoder, "Encoder.par").Models.Single());
        generated.load_state_dict(reference.state_dict());
        generated.eval();
        reference.eval();
        using var tokens = RandomTokens((IParLanguageModel)generated);
        using var isToken = torch.ones(new long[] { Batch, Tokens }, ScalarType.Bool);
        isToken[1, Tokens - 1] = false;

        var forwardPadded = Type("Encoder").GetMethod("ForwardPadded")!;
        using var actual = (Tensor)forwardPadded.Invoke(generated, new object?[] { tokens, isToken })!;
        using var expected = reference.ForwardPadded(tokens, isToken);
        using var unpadded = reference.forward(tokens);

        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-6));
        Assert.False(expected[1, 0].allclose(unpadded[1, 0], rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void CreateBuildsTheModelOnTheGivenDevice()
    {
        using var model = (nn.Module<Tensor, Tensor>)Type("Tiny").GetMethod("Create")!.Invoke(null, new object?[] { torch.CPU })!;

        Assert.All(model.parameters(), parameter => Assert.Equal(DeviceType.CPU, parameter.device_type));
    }

    private static Type Type(string name) => Generated.Value.GetType(name, throwOnError: true)!;

    private static nn.Module<Tensor, Tensor> Create(string name) => (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Type(name))!;

    private static Tensor RandomTokens(IParLanguageModel model) =>
        torch.randint(0, model.HyperParameters.Vocab, new long[] { Batch, Tokens }, dtype: ScalarType.Int64);

    private static Assembly CompileAndLoad(params AdditionalText[] parFiles)
    {
        var run = GeneratorHarness.Run(parFiles);
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
