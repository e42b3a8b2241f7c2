using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Cli.Models;

/// <summary>
/// <c>--device cpu|cuda|cuda:N|auto</c>. CUDA needs a build with the CUDA backend
/// (<c>-p:ParBackend=cuda</c>) and a GPU; asking for it otherwise is a clear usage error, not a crash.
/// </summary>
internal static class DeviceOption
{
    public static Device Resolve(string? requested)
    {
        var name = (requested ?? "cpu").Trim().ToLowerInvariant();
        if (name == "cpu")
        {
            return CPU;
        }

        if (name == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new UsageException(
                    "--device cuda: CUDA is not available. This build uses the CPU libtorch backend or no GPU is visible; " +
                    "rebuild with 'dotnet build -p:ParBackend=cuda' on a machine with an NVIDIA GPU and driver.");
            }

            return new Device(name);
        }

        throw new UsageException($"--device: expected cpu, cuda, cuda:N or auto, got '{requested}'.");
    }
}
