using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp.Modules;

namespace Par.Search.Checkpoints;

/// <summary>The live objects of a running search that a checkpoint saves and restores.</summary>
internal sealed record SearchRuntime(
    LayoutModel Supernet, OptimizerHelper WeightOptimizer, OptimizerHelper ArchitectureOptimizer, SegmentMemory? WeightMemory, SegmentMemory? ArchitectureMemory);
