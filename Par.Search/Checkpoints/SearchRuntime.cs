using Par.Runtime.Data;
using Par.Runtime.Memory;
using Par.Search.Sampling;
using TorchSharp.Modules;

namespace Par.Search.Checkpoints;

/// <summary>
/// The live objects of a running search that a checkpoint saves and restores: the supernet with its path sampler, both
/// optimisers, both streams (their positions) with their memories (torch's global generator is saved too).
/// </summary>
internal sealed record SearchRuntime(
    Supernet Supernet,
    OptimizerHelper WeightOptimizer,
    OptimizerHelper ArchitectureOptimizer,
    StreamBatcher WeightStream,
    StreamBatcher ArchitectureStream,
    SegmentMemory? WeightMemory,
    SegmentMemory? ArchitectureMemory);
