using System;
using System.Linq;
using Par.Bench;
using Par.Runtime.Benchmarking;

// Benchmarks for the README, run by hand (bench/run), never in CI. Prints markdown tables.
//   layouts   the paper's three Base layouts at a CPU width under its protocol: latency on both attention paths
//   cache     the inference cache against recomputing attention: (sf)x16 at d_model 512 and (sf)x8 at 256
//   roofline  (sf)x16 at batch 8, context 256 against the matmul rate, block by block and product by product
//   codegen   generated straight-line model vs a hand-written ModuleList loop with the same weights
//   train     the same layouts trained on a byte corpus (default ../shared/data/moby-dick): valid bpc and latency
//   recall    feed-forward-only vs attention on the synthetic corpus's recall tokens
//   search    PAR search on a byte corpus, then (sf)xN, sandwich, PAR rule and the found layout trained alike
//             (bench/run search DATA STEPS SEED SEARCH_STEPS KEY=VALUE...: a search shorter than the trainings ('-': as long),
//             then search settings, e.g. latency-loss=budget latency-target=0.65 derive=measured candidates=sf)
//   parser    the .par parser and printer on the largest texts the tests use
//   scalars   TorchSharp's implicit scalars against Par's held ones beside a collecting thread (bench/run scalars SECONDS)
//   all       all of them
var table = args.FirstOrDefault() ?? "all";
var rounds = 5;
var options = new BenchmarkOptions(WarmupRuns: 3, Runs: 10, Batch: 1);
TorchSharp.torch.manual_seed(0);

switch (table)
{
    case "layouts":
        LayoutComparison.Run(options, rounds);
        break;
    case "cache":
        CacheComparison.Run(options, rounds);
        break;
    case "roofline":
        RooflineProfile.Run();
        break;
    case "codegen":
        CodegenComparison.Run(options, 2 * rounds);
        break;
    case "train":
        TrainingComparison.Run(DataFolder(), TrainingSteps(), options, rounds);
        break;
    case "recall":
        RecallComparison.Run(IntArgument(1) ?? 600);
        break;
    case "search":
        SearchComparison.Run(DataFolder(), IntArgument(2) ?? 400, IntArgument(3) ?? 1, IntArgument(4), args.Skip(5).ToArray());
        break;
    case "frontier":
        LayoutFrontier.Run(DataFolder(), IntArgument(2) ?? 400, IntArgument(3) ?? 1, args.Skip(4).ToArray());
        break;
    case "parser":
        ParserSpeed.Run();
        break;
    case "scalars":
        ScalarLifetime.Run(IntArgument(1) ?? 20);
        break;
    case "all":
        LayoutComparison.Run(options, rounds);
        Console.WriteLine();
        CacheComparison.Run(options, rounds);
        Console.WriteLine();
        CodegenComparison.Run(options, rounds);
        Console.WriteLine();
        TrainingComparison.Run(DataFolder(), TrainingSteps(), options, rounds);
        Console.WriteLine();
        RecallComparison.Run(600);
        Console.WriteLine();
        SearchComparison.Run(DataFolder(), 400, 1);
        Console.WriteLine();
        ParserSpeed.Run();
        break;
    default:
        Console.Error.WriteLine($"unknown table '{table}'; use layouts, cache, roofline, codegen, train, recall, search, frontier, parser, scalars or all.");
        return 2;
}

return 0;

string DataFolder() => args.Length > 1 ? args[1] : System.IO.Path.Combine("..", "shared", "data", "moby-dick");

int TrainingSteps() => IntArgument(2) ?? 300;

int? IntArgument(int index) => args.Length > index && args[index] != "-" ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : null;
