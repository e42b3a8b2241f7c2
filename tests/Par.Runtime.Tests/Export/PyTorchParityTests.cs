using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Serialization;
using Par.Runtime.Training;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Export;

/// <summary>
/// The exported <c>par_model.py</c> against Par itself, in real PyTorch: six models (causal, xl and bidirectional, tied
/// and untied output) with every parameter randomised (so u and v, LayerNorm gains and biases all count), three
/// segments with memory, an encoder's padded batch too, then the files PyTorch wrote read back by Par.
/// </summary>
public sealed class PyTorchParityTests : IClassFixture<PyTorchParityTests.ParityRun>
{
    private const double Tolerance = 1e-4;
    private readonly ParityRun run;

    public PyTorchParityTests(ParityRun run) => this.run = run;

    public static IEnumerable<object[]> Cases => ParityRun.Cases.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_exported_module_gives_Pars_logits_over_three_segments_with_memory(string name)
    {
        var report = run.Report.GetProperty(name);
        Assert.Equal(ParityRun.Segments, report.GetProperty("segments").GetInt32());
        var difference = report.GetProperty("max_difference").GetDouble();
        Assert.True(difference <= Tolerance, $"{name}: max |PyTorch - Par| = {difference} (torch {report.GetProperty("torch").GetString()})");
    }

    [Theory]
    [InlineData("encoder_tied")]
    [InlineData("encoder_untied")]
    public void The_exported_encoder_gives_Pars_logits_for_a_padded_batch(string name)
    {
        var padded = run.Report.GetProperty(name).GetProperty("padded_max_difference").GetDouble();
        Assert.True(padded <= Tolerance, $"{name}: max |PyTorch - Par| over a padded batch = {padded}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Par_rebuilds_the_model_from_a_file_the_emitted_code_wrote_and_gives_PyTorchs_logits(string name)
    {
        var folder = run.CaseFolder(name);
        var (model, metadata) = SafetensorsWeights.LoadModel(Path.Combine(folder, "pytorch_weights.safetensors"));
        using var loaded = model;
        Assert.Equal(run.Definitions[name], metadata.Model);
        using var expected = SafetensorsFile.Read(Path.Combine(folder, "pytorch_logits.safetensors"));
        var logits = ParityRun.RunSegments(loaded, run.Tokens);
        for (var segment = 0; segment < ParityRun.Segments; segment++)
        {
            var difference = (logits[segment] - expected.Tensors[$"logits_{segment}"]).abs().max().item<float>();
            Assert.True(difference <= Tolerance, $"{name} segment {segment}: max |Par - PyTorch| = {difference}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Par_imports_a_file_written_like_safetensors_save_file_without_metadata(string name)
    {
        var folder = run.CaseFolder(name);
        using var model = new LayoutModel(run.Definitions[name]);
        var metadata = SafetensorsWeights.Import(model, Path.Combine(folder, "save_file.safetensors"));

        Assert.Empty(metadata);
        using var written = SafetensorsFile.Read(Path.Combine(folder, "pytorch_weights.safetensors"));
        foreach (var (key, tensor) in model.state_dict())
        {
            Training.TrainerFixture.AssertIdentical(written.Tensors[key], tensor, $"{name}: {key}");
        }
    }

    /// <summary>Builds the four models, exports them with Par's logits beside them, and runs the Python check once.</summary>
    public sealed class ParityRun : IDisposable
    {
        public const int Segments = 3;
        private const int Batch = 2;
        private const int Context = 6;

        public static readonly string[] Cases = ["xl_tied", "xl_untied", "causal_tied", "causal_untied", "encoder_tied", "encoder_untied"];

        private readonly TemporaryFolder folder = new();

        public ParityRun()
        {
            random.manual_seed(7);
            Tokens = Enumerable.Range(0, Segments).Select(_ => randint(40, [Batch, Context]).DetachFromDisposeScope()).ToList();
            foreach (var name in Cases)
            {
                var attention = name[..name.IndexOf('_', StringComparison.Ordinal)] switch { "encoder" => "bidirectional", var kind => kind };
                var tied = name.EndsWith("_tied", StringComparison.Ordinal);
                // memory 10 > context 6: the second segment sees a partial memory, the third a clipped one. An encoder has none.
                var memory = attention == "bidirectional" ? "" : " memory = 10;";
                var text = $"model Case {{ layout = s f s f f; d_model = 16; heads = 4; d_ff = 24; vocab = 40; context = {Context};{memory} dropout = 0.1; attention = {attention}; tie_embeddings = {(tied ? "true" : "false")} }}\n";
                var definition = ParParser.Parse(text, "case.par").Models.Single();
                Definitions[name] = definition;
                Export(name, definition);
            }

            var output = PyTorchProcess.Run(folder.Path, TimeSpan.FromMinutes(5),
                [Path.Combine(AppContext.BaseDirectory, "Export", "check_parity.py"), .. Cases.Select(CaseFolder)]);
            Report = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
        }

        public Dictionary<string, ParModel> Definitions { get; } = new();

        public IReadOnlyList<Tensor> Tokens { get; }

        public JsonElement Report { get; }

        public string CaseFolder(string name) => folder.File(name);

        public static List<Tensor> RunSegments(LayoutModel model, IReadOnlyList<Tensor> tokens)
        {
            model.eval();
            using var noGrad = no_grad();
            using var memory = model.CreateMemory();
            return tokens.Select(segment => model.forward(segment, memory).DetachFromDisposeScope()).ToList();
        }

        public void Dispose()
        {
            foreach (var tensor in Tokens)
            {
                tensor.Dispose();
            }

            folder.Dispose();
        }

        private void Export(string name, ParModel definition)
        {
            using var model = new LayoutModel(definition);
            using (no_grad())
            {
                foreach (var parameter in model.parameters())
                {
                    parameter.copy_(randn_like(parameter) * 0.3);
                }
            }

            var vocabulary = new[] { WordTokenizer.Unknown, WordTokenizer.EndOfLine }.Concat(Enumerable.Range(2, 38).Select(i => $"w{i}")).ToList();
            PyTorchExport.Write(CaseFolder(name), model, new ModelMetadata(definition, new TokenizerDescription(WordTokenizer.TokenizerName, 40, vocabulary), Step: 0));
            var logits = RunSegments(model, Tokens);
            var expected = new Dictionary<string, Tensor>();
            for (var segment = 0; segment < Segments; segment++)
            {
                expected[$"tokens_{segment}"] = Tokens[segment];
                expected[$"logits_{segment}"] = logits[segment];
            }

            if (definition.HyperParameters.Attention.IsBidirectional())
            {
                // Row 0 ends in two padded positions: their tokens must reach no other position, in Par or in PyTorch.
                var isToken = tensor(Enumerable.Range(0, Batch * Context).Select(i => i is not (Context - 2 or Context - 1)).ToArray(), [Batch, Context]);
                using (no_grad())
                {
                    expected["padded_logits"] = model.ForwardPadded(Tokens[0], isToken);
                }

                expected["is_token"] = isToken.to_type(ScalarType.Int64);
            }

            SafetensorsFile.Write(Path.Combine(CaseFolder(name), "expected.safetensors"), expected);
            foreach (var tensor in logits)
            {
                tensor.Dispose();
            }
        }
    }
}
