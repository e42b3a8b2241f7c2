using System;
using System.IO;
using System.Linq;

namespace Par.Bench;

/// <summary>One line naming when and where a table was measured, printed above every table.</summary>
internal static class MachineDescription
{
    public static string Current()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), " +
            $"libtorch threads {TorchSharp.torch.get_num_threads()}, {Environment.OSVersion}";
    }
}
