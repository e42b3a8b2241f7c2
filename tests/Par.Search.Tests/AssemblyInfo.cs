using System.Runtime.CompilerServices;

// The search seeds torch's global generator, so two searches running at once would interleave draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Par.Search.Tests;

internal static class TorchThreads
{
    // Tiny models gain nothing from intra-op threads, and on a shared 2-core machine they lose a lot to contention.
    [ModuleInitializer]
    internal static void UseOne() => TorchSharp.torch.set_num_threads(1);
}
