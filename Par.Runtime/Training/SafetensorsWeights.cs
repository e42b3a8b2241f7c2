using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Model weights as a <c>.safetensors</c> file keyed by the state_dict names, so PyTorch reads them with
/// <c>safetensors.torch.load_file</c> and a PyTorch model with the same keys can <c>load_state_dict</c> them.
/// </summary>
public static class SafetensorsWeights
{
    public static void Export(nn.Module model, string path) => model.save_safetensors(path);

    /// <summary>Loads weights into <paramref name="model"/>; every key must match (strict).</summary>
    public static void Import(nn.Module model, string path) => model.load_safetensors(path, strict: true);
}
