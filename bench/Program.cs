using System;
using System.Linq;
using Par.Bench;
using Par.Runtime.Benchmarking;

// Benchmarks for the README, run by hand (bench/run), never in CI. Prints markdown tables.
//   layouts   the paper's three Base layouts at a CPU width: latency and ratio to (sf)x16
//   codegen   generated straight-line model vs a hand-written ModuleList loop with the same weights
//   all       both
var table = args.FirstOrDefault() ?? "all";
var rounds = 5;
var options = new BenchmarkOptions(WarmupRuns: 3, Runs: 10, Batch: 1);
TorchSharp.torch.manual_seed(0);

switch (table)
{
    case "layouts":
        LayoutComparison.Run(options, rounds);
        break;
    case "codegen":
        CodegenComparison.Run(options, rounds);
        break;
    case "all":
        LayoutComparison.Run(options, rounds);
        Console.WriteLine();
        CodegenComparison.Run(options, rounds);
        break;
    default:
        Console.Error.WriteLine($"unknown table '{table}'; use layouts, codegen or all.");
        return 2;
}

return 0;
