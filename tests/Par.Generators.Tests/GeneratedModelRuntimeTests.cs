using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Par.Dsl.Parsing;
using Par.Generators.Tests.Infrastructure;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Generators.Tests;

/// <summary>
/// A generated class, compiled and loaded, behaves like the contract says: the ParameterCount constant is the
/// real count, its state_dict matches <see cref="LayoutModel"/>'s key for key (weights load across and give the
/// same logits), and forward maps <c>[B, T]</c> tokens to <c>[B, T, V]</c> logits without leaking tensors.
/// Needs libtorch (run under with-compat-libs on Debian 12).
/// </summary>
public sealed class GeneratedModelRuntimeTests
{
    private const int Batch = 2;
    private const int Tokens = 8;
    private const int Vocab = 50;

    // Compiled and loaded once: an assembly name can be loaded only once into the default context.
    private static readonly Lazy<Type> TinyType = new(() => CompileAndLoad("Tiny.par", ParSamples.Tiny).GetType("Tiny", throwOnError: true)!);

    [Fact]
    public void ParameterCountConstantIsTheRuntimeParameterCount()
    {
        using var model = CreateTiny();

        var constant = (long)TinyType.Value.GetField("ParameterCount")!.GetRawConstantValue()!;
        Assert.Equal(constant, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void StateDictMatchesLayoutModelAndWeightsLoadAcross()
    {
        torch.manual_seed(7);
        using var generated = CreateTiny();
        using var reference = new LayoutModel(ParParser.Parse(ParSamples.Tiny, "Tiny.par").Models.Single());

        var referenceState = reference.state_dict();
        Assert.Equal(referenceState.Keys, generated.state_dict().Keys);

        generated.load_state_dict(referenceState);
        generated.eval();
        reference.eval();
        using var tokens = torch.randint(0, Vocab, new long[] { Batch, Tokens }, dtype: ScalarType.Int64);
        using var expected = reference.forward(tokens);
        using var actual = generated.forward(tokens);
        Assert.True(expected.allclose(actual), "Generated and layout-built models disagree on the same weights.");
    }

    [Fact]
    public void MemorySlotsMatchLayoutModelAcrossSegments()
    {
        torch.manual_seed(11);
        using var generated = CreateTiny();
        using var reference = new LayoutModel(ParParser.Parse(ParSamples.Tiny, "Tiny.par").Models.Single());
        generated.load_state_dict(reference.state_dict());
        generated.eval();
        reference.eval();
        var generatedModel = (IParLanguageModel)generated;
        using var generatedMemory = generatedModel.CreateMemory();
        using var referenceMemory = reference.CreateMemory();

        // The second segment attends over the first through memory, so a wrong slot number shows up here.
        foreach (var segment in new[] { 0, 1 })
        {
            using var tokens = torch.randint(0, Vocab, new long[] { Batch, Tokens }, dtype: ScalarType.Int64);
            using var expected = reference.forward(tokens, referenceMemory);
            using var actual = generatedModel.forward(tokens, generatedMemory);
            Assert.True(expected.allclose(actual), $"Segment {segment}: generated and layout-built models disagree with memory.");
        }
    }

    [Fact]
    public void ForwardGivesLogitsPerTokenWithAndWithoutMemory()
    {
        using var model = CreateTiny();
        var languageModel = (IParLanguageModel)model;
        using var tokens = torch.randint(0, Vocab, new long[] { Batch, Tokens }, dtype: ScalarType.Int64);

        using var logits = languageModel.forward(tokens);
        Assert.Equal(new long[] { Batch, Tokens, Vocab }, logits.shape);

        using var memory = languageModel.CreateMemory();
        using var first = languageModel.forward(tokens, memory);
        using var second = languageModel.forward(tokens, memory);
        Assert.Equal(new long[] { Batch, Tokens, Vocab }, second.shape);
        Assert.Equal(2, languageModel.AttentionSlotCount);
    }

    [Fact]
    public void ForwardLeavesNoTensorBehindButItsLogits()
    {
        using var model = CreateTiny();
        using var tokens = torch.randint(0, Vocab, new long[] { Batch, Tokens }, dtype: ScalarType.Int64);
        model.forward(tokens).Dispose();

        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.forward(tokens).Dispose();

        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void CreateBuildsTheModelOnTheGivenDevice()
    {
        var create = TinyType.Value.GetMethod("Create")!;

        using var model = (nn.Module<Tensor, Tensor>)create.Invoke(null, new object?[] { torch.CPU })!;

        Assert.All(model.parameters(), parameter => Assert.Equal(DeviceType.CPU, parameter.device_type));
    }

    private static nn.Module<Tensor, Tensor> CreateTiny() =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(TinyType.Value)!;

    private static Assembly CompileAndLoad(string path, string parText)
    {
        var run = GeneratorHarness.Run(path, parText);
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
