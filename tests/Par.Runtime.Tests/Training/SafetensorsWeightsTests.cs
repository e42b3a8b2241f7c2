using System.IO;
using System.Linq;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Serialization;
using Par.Runtime.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

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

        SafetensorsWeights.Export(source, path, Metadata());
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

        Assert.Contains("missing: output.bias", error.Message);
        Assert.Contains("unexpected: output.projection.weight", error.Message);
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

    private static ModelMetadata Metadata() =>
        new(ParParser.Parse(TinyXl, "tiny.par").Models.Single(), new ByteTokenizer().Describe(), Step: 0);
}
