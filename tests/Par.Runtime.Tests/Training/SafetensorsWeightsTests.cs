using System.Linq;
using Par.Runtime.Training;
using TorchSharp.PyBridge;

namespace Par.Runtime.Tests.Training;

public class SafetensorsWeightsTests
{
    [Fact]
    public void Exported_weights_carry_the_state_dict_keys_and_import_exactly()
    {
        using var folder = new TemporaryFolder();
        using var source = TrainerFixture.NewModel(seed: 1);
        using var target = TrainerFixture.NewModel(seed: 2);
        var path = folder.File("weights.safetensors");

        SafetensorsWeights.Export(source, path);
        SafetensorsWeights.Import(target, path);

        TrainerFixture.AssertSameWeights(source, target);
        Assert.Equal(source.state_dict().Keys.OrderBy(k => k), Safetensors.LoadStateDict(path).Keys.OrderBy(k => k));
    }
}
