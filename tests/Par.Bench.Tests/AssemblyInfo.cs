using System.Runtime.CompilerServices;

// A search seeds torch's global generator, so two running at once would interleave draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Par.Bench.Tests;

internal static class TorchThreads
{
    // Tiny models gain nothing from intra-op threads, and on a shared machine they lose a lot to contention.
    [ModuleInitializer]
    internal static void UseOne() => TorchSharp.torch.set_num_threads(1);
}
