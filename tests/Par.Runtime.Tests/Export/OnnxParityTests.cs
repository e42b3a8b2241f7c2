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
/// every parameter randomised, three segments with memory, the first over an empty one.
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

        public static readonly TokenizerDescription Tokenizer = new(
            WordTokenizer.TokenizerName, Vocab, new[] { WordTokenizer.Unknown, WordTokenizer.EndOfLine }.Concat(Enumerable.Range(2, Vocab - 2).Select(i => $"w{i}")).ToList());

        private readonly TemporaryFolder folder = new();

        public ExportRun()
        {
            var python = PyTorchPython.Find();
            random.manual_seed(7);
            foreach (var name in Cases)
            {
                var (attention, tied) = (name.StartsWith("xl", StringComparison.Ordinal) ? "xl" : "causal", name.EndsWith("_tied", StringComparison.Ordinal));
                var text = $"model Case {{ layout = s f s f f; d_model = 16; heads = 4; d_ff = 24; vocab = {Vocab}; context = {Context}; memory = {Memory}; dropout = 0.1; attention = {attention}; tie_embeddings = {(tied ? "true" : "false")} }}\n";
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
