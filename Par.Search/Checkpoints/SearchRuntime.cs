using Par.Runtime.Data;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace Par.Search.Checkpoints;

/// <summary>
/// The live objects of a running search that a checkpoint saves and restores: the supernet, both optimisers, both
/// streams (their positions) with their memories, and the path sampler (torch's global generator is saved too).
/// </summary>
internal sealed record SearchRuntime(
    LayoutModel Supernet,
    OptimizerHelper WeightOptimizer,
    OptimizerHelper ArchitectureOptimizer,
    StreamBatcher WeightStream,
    StreamBatcher ArchitectureStream,
    SegmentMemory? WeightMemory,
    SegmentMemory? ArchitectureMemory,
    torch.Generator Sampler);
