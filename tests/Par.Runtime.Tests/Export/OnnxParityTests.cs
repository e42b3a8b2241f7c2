using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Onnx;
using Par.Runtime.Export;
using Par.Runtime.Generation;
using Par.Runtime.Models;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Export;

/// <summary>
/// <c>model.onnx</c> from <see cref="OnnxExport"/> (torch.onnx.export on the exported <c>par_model.py</c>), run by
/// ONNX Runtime through Par.Onnx, against Par's own forward: four models (causal and xl, tied and untied output) with
/// every parameter randomised, three segments with memory, the first over an empty one; and two encoders, with and
/// without padding.
/// </summary>
public sealed class OnnxParityTests : IClassFixture<OnnxParityTests.ExportRun>
{
    private const double Tolerance = 1e-4;
    private const int Segments = 3;
    private const int Batch = 2;
    private const int Context = 6;
    private const int Memory = 10;
    private const int Vocab = 40;
    private readonly ExportRun run;

    public OnnxParityTests(ExportRun run) => this.run = run;

    public static IEnumerable<object[]> Cases => ExportRun.Cases.Select(name => new object[] { name });

    public static IEnumerable<object[]> EncoderCases => ExportRun.EncoderCases.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(EncoderCases))]
    public void Onnx_runtime_gives_an_encoders_logits_with_and_without_padding(string name)
    {
        var (model, folder) = run.Exported[name];
        using var onnx = ParOnnxModel.Load(folder);
        random.manual_seed(13);
        using var tokens = randint(Vocab, [Batch, Context]);
        // Row 1 ends in two padded positions.
        var isToken = Enumerable.Range(0, Batch * Context).Select(index => index < Batch * Context - 2).ToArray();
        using var mask = tensor(isToken, [Batch, Context]);
        model.eval();
        using var noGrad = no_grad();

        using var expected = model.forward(tokens);
        using var expectedPadded = model.ForwardPadded(tokens, mask);
        using var whole = onnx.Forward(tokens.data<long>().ToArray(), Batch, null);
        using var padded = onnx.ForwardPadded(tokens.data<long>().ToArray(), isToken, Batch);

        Assert.Equal(0, onnx.MemorySlots);
        Assert.Null(whole.TakeMemory());
        foreach (var (par, ort, what) in new[] { (expected, whole, "whole"), (expectedPadded, padded, "padded") })
        {
            var difference = par.data<float>().ToArray().Zip(ort.Logits.ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference <= Tolerance, $"{name} {what}: max |ONNX Runtime - Par| = {difference}");
        }
    }

    [Fact]
    public void An_encoder_is_not_asked_to_continue_text_and_a_causal_model_takes_no_padding_mask()
    {
        using var encoder = ParOnnxModel.Load(run.Exported[ExportRun.EncoderCases[0]].Folder);
        using var causal = ParOnnxModel.Load(run.Exported["causal_tied"].Folder);

        var generation = Assert.Throws<ArgumentException>(() => OnnxTextGeneration.Continue(encoder, [3, 4], 2, SamplingOptions.Greedy));
        var padding = Assert.Throws<InvalidOperationException>(() => causal.ForwardPadded([3, 4], [true, false], 1));
        var allPadding = Assert.Throws<ArgumentException>(() => encoder.ForwardPadded([3, 4, 5, 6], [true, true, false, false], 2));

        Assert.Contains("bidirectional encoder", generation.Message);
        Assert.Contains("only an encoder", padding.Message);
        Assert.StartsWith("row 1 is all padding", allPadding.Message);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_gives_Pars_logits_over_three_segments_with_memory(string name)
    {
        var (model, folder) = run.Exported[name];
        using var onnx = ParOnnxModel.Load(folder);
        random.manual_seed(11);
        var tokens = Enumerable.Range(0, Segments).Select(_ => randint(Vocab, [Batch, Context])).ToList();
        model.eval();
        using var noGrad = no_grad();
        using var parMemory = model.CreateMemory();
        var onnxMemory = onnx.EmptyMemory(Batch);
        try
        {
            for (var segment = 0; segment < Segments; segment++)
            {
                using var expected = model.forward(tokens[segment], parMemory);
                using var result = onnx.Forward(tokens[segment].data<long>().ToArray(), Batch, onnxMemory);
                Assert.Equal(new long[] { Batch, Context, Vocab }, expected.shape);
                Assert.Equal((Batch, Context, Vocab), (result.Batch, result.Length, result.Vocab));
                var difference = expected.data<float>().ToArray().Zip(result.Logits.ToArray(), (par, ort) => Math.Abs(par - ort)).Max();
                Assert.True(difference <= Tolerance, $"{name} segment {segment}: max |ONNX Runtime - Par| = {difference}");
                var next = result.TakeMemory();
                if (name.StartsWith("xl", StringComparison.Ordinal))
                {
                    // memory 10 > context 6: the second segment sees a partial memory, the third a clipped one.
                    Assert.Equal(Math.Min(Memory, (segment + 1) * Context), next!.Length);
                    onnxMemory.Dispose();
                    onnxMemory = next;
                }
                else
                {
                    Assert.Null(next);
                }
            }
        }
        finally
        {
            onnxMemory.Dispose();
            foreach (var tensor in tokens)
            {
                tensor.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_model_carries_its_par_text_config_and_tokenizer(string name)
    {
        var (model, folder) = run.Exported[name];
        using var onnx = ParOnnxModel.Load(folder);

        Assert.Equal(ParPrinter.Print(model.Definition), onnx.Metadata.ParText);
        Assert.Equal(model.Definition.HyperParameters.Context, onnx.Config.Context);
        Assert.Equal(name.StartsWith("xl", StringComparison.Ordinal) ? 2 : 0, onnx.MemorySlots);
        Assert.Equal(ExportRun.Tokenizer.Vocabulary, onnx.Metadata.Tokenizer!.Vocabulary);
        Assert.Equal("w5 w6", onnx.CreateTokenizer()!.Decode([5, 6]));
        Assert.Equal(ModelMetadata.ParVersion, onnx.Metadata.ParVersion);
    }

    [Fact]
    public void Par_onnx_reads_the_keys_par_runtime_writes()
    {
        Assert.Equal(
            [ModelMetadata.ModelKey, ModelMetadata.ConfigKey, ModelMetadata.TokenizerKey, ModelMetadata.VersionKey, ModelMetadata.StepKey],
            [ExportedModelMetadata.ModelKey, ExportedModelMetadata.ConfigKey, ExportedModelMetadata.TokenizerKey, ExportedModelMetadata.VersionKey, ExportedModelMetadata.StepKey]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_generation_through_onnx_runtime_draws_Pars_tokens_across_segments(string name)
    {
        var (model, folder) = run.Exported[name];
        using var onnx = ParOnnxModel.Load(folder);
        int[] prompt = [3, 9, 27, 4, 11, 2, 8, 30, 5];

        // 16 tokens after a 9-token prompt cross three segment ends of context 6 (and slide a causal window).
        var expected = TextGeneration.Continue(model, prompt, 16, SamplingOptions.Greedy);
        var actual = OnnxTextGeneration.Continue(onnx, prompt, 16, SamplingOptions.Greedy);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_missing_or_foreign_file_and_a_token_outside_the_vocabulary_are_refused_naming_the_problem()
    {
        using var scratch = new TemporaryFolder();
        var missing = Assert.Throws<System.IO.FileNotFoundException>(() => ParOnnxModel.Load(scratch.File("model.onnx")));
        var foreign = scratch.Write("foreign.onnx", "not a model\n");
        var notOnnx = Assert.Throws<System.IO.InvalidDataException>(() => ParOnnxModel.Load(foreign));
        using var onnx = ParOnnxModel.Load(run.Exported["xl_tied"].Folder);
        using var memory = onnx.EmptyMemory();
        var outside = Assert.Throws<ArgumentException>(() => onnx.Forward([1, Vocab], 1, memory));

        Assert.Contains("no such file", missing.Message);
        Assert.StartsWith(foreign, notOnnx.Message);
        Assert.StartsWith($"token {Vocab} is outside the vocabulary", outside.Message);
    }

    /// <summary>Builds the four models with random weights and exports each once.</summary>
    public sealed class ExportRun : IDisposable
    {
        public static readonly string[] Cases = ["xl_tied", "xl_untied", "causal_tied", "causal_untied"];

        public static readonly string[] EncoderCases = ["encoder_tied", "encoder_untied"];

        public static readonly TokenizerDescription Tokenizer = new(
            WordTokenizer.TokenizerName, Vocab, new[] { WordTokenizer.Unknown, WordTokenizer.EndOfLine }.Concat(Enumerable.Range(2, Vocab - 2).Select(i => $"w{i}")).ToList());

        private readonly TemporaryFolder folder = new();

        public ExportRun()
        {
            var python = PyTorchPython.Find();
            random.manual_seed(7);
            foreach (var name in Cases.Concat(EncoderCases))
            {
                var attention = name[..name.IndexOf('_', StringComparison.Ordinal)] switch { "encoder" => "bidirectional", var kind => kind };
                var tied = name.EndsWith("_tied", StringComparison.Ordinal);
                var memory = attention == "bidirectional" ? "" : $" memory = {Memory};";
                var text = $"model Case {{ layout = s f s f f; d_model = 16; heads = 4; d_ff = 24; vocab = {Vocab}; context = {Context};{memory} dropout = 0.1; attention = {attention}; tie_embeddings = {(tied ? "true" : "false")} }}\n";
                var definition = ParParser.Parse(text, "case.par").Models.Single();
                var model = new LayoutModel(definition);
                using (no_grad())
                {
                    foreach (var parameter in model.parameters())
                    {
                        parameter.copy_(randn_like(parameter) * 0.3);
                    }
                }

                var target = folder.File(name);
                OnnxExport.Write(target, model, definition, OnnxExport.Properties(new ModelMetadata(definition, Tokenizer, Step: 0)), python);
                Exported[name] = (model, target);
            }
        }

        public Dictionary<string, (LayoutModel Model, string Folder)> Exported { get; } = new();

        public void Dispose()
        {
            foreach (var (model, _) in Exported.Values)
            {
                model.Dispose();
            }

            folder.Dispose();
        }
    }
}
