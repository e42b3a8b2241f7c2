using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Serialization;
using Par.Runtime.Tests.Models;
using Par.Runtime.Tests.Training;
using Par.Text;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Export;

public class SafetensorsWeightsTests
{
    private const string TinyXl = "model Tiny { layout = s f; d_model = 8; heads = 2; d_ff = 16; vocab = 256; context = 4; memory = 4; dropout = 0 }\n";

    [Fact]
    public void Exported_weights_carry_the_state_dict_keys_and_import_exactly()
    {
        using var folder = new TemporaryFolder();
        using var source = TrainerFixture.NewModel(seed: 1);
        using var target = TrainerFixture.NewModel(seed: 2);
        var path = folder.File("weights.safetensors");

        SafetensorsWeights.Export(source, path, TinyMetadata());
        SafetensorsWeights.Import(target, path);

        TrainerFixture.AssertSameWeights(source, target);
        Assert.Equal(source.state_dict().Keys.OrderBy(k => k), Safetensors.LoadStateDict(path).Keys.OrderBy(k => k));
    }

    [Fact]
    public void Exported_weights_carry_the_model_the_tokenizer_and_the_version_and_rebuild_the_model_alone()
    {
        using var folder = new TemporaryFolder();
        var definition = ParParser.Parse(TinyXl, "tiny.par").Models.Single();
        using var source = new LayoutModel(definition);
        var path = folder.File("weights.safetensors");

        SafetensorsWeights.Export(source, path, new ModelMetadata(definition, new ByteTokenizer().Describe(), Step: 12, TrainLoss: 1.5));
        var stored = SafetensorsFile.ReadMetadata(path);
        var (rebuilt, metadata) = SafetensorsWeights.LoadModel(path);
        using var loaded = rebuilt;

        Assert.Equal(Dsl.Printing.ParPrinter.Print(definition), stored[ModelMetadata.ModelKey]);
        Assert.Contains("\"layers\":\"sf\"", stored[ModelMetadata.ConfigKey]);
        Assert.Equal(ModelMetadata.ParVersion, stored[ModelMetadata.VersionKey]);
        Assert.Equal(definition, metadata.Model);
        Assert.Equal(new ByteTokenizer().Describe().Name, metadata.Tokenizer.Name);
        Assert.Equal((12, 1.5), (metadata.Step, metadata.TrainLoss));
        TrainerFixture.AssertSameWeights(source, loaded);
    }

    [Fact]
    public void A_file_with_other_tensors_is_rejected_naming_the_missing_and_unexpected_keys()
    {
        using var folder = new TemporaryFolder();
        using var model = new LayoutModel(ParParser.Parse(TinyXl, "tiny.par").Models.Single());
        var path = folder.File("weights.safetensors");
        var tensors = model.state_dict().Where(pair => pair.Key != "output.bias").ToDictionary(pair => pair.Key, pair => pair.Value);
        tensors["output.projection.weight"] = zeros(256, 8);
        SafetensorsFile.Write(path, tensors);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsWeights.Import(model, path));

        Assert.Contains("'output.bias' is missing from the file", error.Message);
        Assert.Contains("'output.projection.weight' is not in the model", error.Message);
    }

    [Fact]
    public void A_file_without_Par_metadata_cannot_rebuild_a_model_and_says_why()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("plain.safetensors");
        SafetensorsFile.Write(path, new System.Collections.Generic.Dictionary<string, Tensor> { ["x"] = ones(2) });

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsWeights.LoadModel(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(ModelMetadata.ModelKey, error.Message);
    }


    [Theory]
    [InlineData(AttentionKind.Causal, true)]
    [InlineData(AttentionKind.Causal, false)]
    [InlineData(AttentionKind.Xl, true)]
    [InlineData(AttentionKind.Xl, false)]
    public void A_layout_model_exported_and_imported_into_a_fresh_one_computes_the_same_logits(AttentionKind attention, bool tied)
    {
        using var folder = new TemporaryFolder();
        var definition = TinyModels.Model("s f f s f", TinyModels.Parameters(attention, tied));
        using var source = Seeded(definition, seed: 1);
        using var target = Seeded(definition, seed: 2);
        var path = folder.File("weights.safetensors");
        Assert.False(SameLogits(source, target), "two seeds gave the same model, so the import would prove nothing");

        SafetensorsWeights.Export(source, path, MetadataOf(source));
        SafetensorsWeights.Import(target, path);

        TrainerFixture.AssertSameWeights(source, target);
        Assert.True(SameLogits(source, target), "the imported model computes other logits");
    }

    [Theory]
    [InlineData("s f f s f", AttentionKind.Xl, true, 32, "'embedding.tokens.weight' is 50x16, the model's 50x32")] // another width
    [InlineData("s f f s f", AttentionKind.Xl, false, 16, "'output.projection.weight' is missing from the file")] // an untied head
    [InlineData("s f f", AttentionKind.Xl, true, 16, "'layer_03_attention.output.weight' is not in the model")] // fewer layers
    [InlineData("s f f s f", AttentionKind.Causal, true, 16, "'embedding.positions.weight' is missing from the file")] // absolute positions
    public void Weights_of_another_shape_or_layout_are_refused_naming_the_file_and_leaving_the_model_untouched(
        string otherLayout, AttentionKind otherAttention, bool otherTied, int otherWidth, string named)
    {
        using var folder = new TemporaryFolder();
        using var source = Seeded(TinyModels.Model("s f f s f", TinyModels.Parameters(AttentionKind.Xl, tied: true)), seed: 1);
        var path = folder.File("weights.safetensors");
        SafetensorsWeights.Export(source, path, MetadataOf(source));
        var other = TinyModels.Model(otherLayout, TinyModels.Parameters(otherAttention, otherTied) with { DModel = otherWidth });
        using var target = Seeded(other, seed: 2);
        var before = target.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.clone());

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsWeights.Import(target, path));

        Assert.StartsWith(path + ": the weights do not fit this model", error.Message);
        Assert.Contains(named, error.Message);
        Assert.All(target.state_dict(), pair => Assert.True(Identical(pair.Value, before[pair.Key]), $"{pair.Key} changed"));
    }

    private static LayoutModel Seeded(ParModel definition, long seed)
    {
        random.manual_seed(seed);
        var model = LayoutModel.Create(definition);
        model.eval();
        return model;
    }

    // Two segments, so an XL model's second one also reads what the first left in memory.
    private static bool SameLogits(LayoutModel first, LayoutModel second)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var firstMemory = first.CreateMemory();
        using var secondMemory = second.CreateMemory();
        var same = true;
        foreach (var seed in new ulong[] { 3, 4 })
        {
            var tokens = TinyModels.Tokens(2, TinyModels.Context, seed);
            same &= Identical(first.forward(tokens, firstMemory), second.forward(tokens, secondMemory));
        }

        return same;
    }

    private static bool Identical(Tensor first, Tensor second) => first.shape.SequenceEqual(second.shape) && first.eq(second).all().item<bool>();

    // Any valid metadata: the recurrent stand-in has no layout of its own.
    private static ModelMetadata TinyMetadata() =>
        new(ParParser.Parse(TinyXl, "tiny.par").Models.Single(), new ByteTokenizer().Describe(), Step: 0);

    private static ModelMetadata MetadataOf(LayoutModel model) => new(model.Definition, new ByteTokenizer().Describe(), Step: 0);
}
