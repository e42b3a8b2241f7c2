using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Runtime.Benchmarking;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Search.Latency;
using Spectre.Console;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par bench FILE...</c>: inference latency (batch 1, a segment of <c>context</c> tokens over a full
/// memory, as in the paper) and training throughput of every model, measured in one run so the
/// ratios to the first model are meaningful on a shared, noisy machine. Inference reads the memory's
/// cached keys and values unless <c>--recompute</c>; <c>--roofline</c> sets each forward's FLOPs against
/// this machine's measured matrix-multiply rate. <c>--latency-table OUT.json</c> also times each model's blocks
/// (<see cref="BlockLatencyMeasurer"/>, the search's own protocol) into a device table that <c>par search
/// --latency-table</c> reads on any machine, so a search can price layouts by the latency of the device that bench ran on.
/// <c>--runtime onnxruntime</c> times the same model (Par's initial weights) exported to ONNX and run by ONNX Runtime,
/// <c>--runtime both</c> the two engines side by side.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var files = CommonOptions.ParFiles();
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var device = DataOptions.Device();
        var runs = new Option<int>("--runs") { Description = "Timed forwards per model.", DefaultValueFactory = _ => 20 }.Positive();
        var warmup = new Option<int>("--warmup") { Description = "Untimed forwards before timing.", DefaultValueFactory = _ => 3 }.NotNegative();
        var batch = new Option<int>("--batch") { Description = "Rows per timed forward (the paper uses 1).", DefaultValueFactory = _ => 1 }.Positive();
        var threads = DataOptions.Threads();
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps for tokens/s (0 skips it).", DefaultValueFactory = _ => 5 }.NotNegative();
        var trainBatch = new Option<int>("--train-batch") { Description = "Rows per training step.", DefaultValueFactory = _ => 8 }.Positive();
        var recompute = new Option<bool>("--recompute") { Description = "Time attention recomputing the memory's keys every segment, as training does, not from the cache." };
        var roofline = new Option<bool>("--roofline") { Description = "Also print each forward's FLOPs, the GFLOP/s achieved and this machine's measured fp32 matmul rate." };
        var runtime = new Option<string>("--runtime") { Description = "Engine that runs the forward: libtorch, onnxruntime or both side by side.", DefaultValueFactory = _ => InferenceRuntimes.LibtorchName };
        var latencyTable = new Option<string?>("--latency-table") { Description = "Also time each model's blocks into this device latency table (par search --latency-table)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing --latency-table file." };
        var command = new Command("bench", "Measure inference latency and training throughput of models.")
        {
            files, model, set, device, runs, warmup, batch, threads, trainSteps, trainBatch, recompute, roofline, runtime, latencyTable, overwrite, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var output = new CliOutput(parse.GetValue(json));
            var tablePath = parse.GetValue(latencyTable);
            if (tablePath is not null)
            {
                OutputPath.RequireWritableFile("--latency-table", tablePath);
                if (File.Exists(tablePath) && !parse.GetValue(overwrite))
                {
                    throw new UsageException($"--latency-table: {tablePath} exists; pass --overwrite to replace it, or choose another path.");
                }

                if (parse.GetValue(recompute))
                {
                    throw new UsageException("--latency-table times attention on the cached path a search prices; drop --recompute.");
                }
            }

            var overrides = parse.GetValue(set)!;
            var selectedName = parse.GetValue(model);
            var models = parse.GetValue(files)!
                .Select(LoadedParFile.Load)
                .SelectMany(file => selectedName is null ? file.RequireValid().Document.Models.ToList() : [file.SelectModel(selectedName)])
                .Select(overrides.ApplyTo)
                .ToList();
            if (models.Any(candidate => candidate.IsSupernet))
            {
                throw new UsageException("bench measures fixed layouts; a supernet ([sf-] choices) is searched with 'par search' first.");
            }

            var options = new BenchmarkOptions(
                WarmupRuns: parse.GetValue(warmup),
                Runs: parse.GetValue(runs),
                Batch: parse.GetValue(batch),
                Threads: parse.GetValue(threads),
                TrainingBatch: parse.GetValue(trainBatch),
                TrainingSteps: parse.GetValue(trainSteps),
                CacheAttention: !parse.GetValue(recompute));
            foreach (var candidate in models)
            {
                MemoryRequirement.Require(candidate, options.Batch, training: false, "--batch");
                if (options.TrainingSteps > 0)
                {
                    MemoryRequirement.Require(candidate, options.TrainingBatch, training: true, "--train-batch");
                }
            }

            var target = parse.GetValue(device)!;
            var runtimes = InferenceRuntimes.ParseOneOrBoth(parse.GetValue(runtime));
            PyTorchPython? python = null;
            if (runtimes.Contains(InferenceRuntime.OnnxRuntime))
            {
                if (target.type != TorchSharp.DeviceType.CPU)
                {
                    throw new UsageException("--runtime onnxruntime runs on the CPU (Par.Onnx uses ONNX Runtime's CPU package); drop --device or time libtorch alone.");
                }

                python = PyTorchPython.Find();
            }

            var results = new List<BenchResult>();
            foreach (var candidate in models)
            {
                foreach (var engine in runtimes)
                {
                    BenchResult Run() => engine == InferenceRuntime.Libtorch ? Measure(candidate, options, target) : MeasureOnnxRuntime(candidate, options, python!);
                    if (output.ShowsProgress)
                    {
                        AnsiConsole.Status().Start($"benchmarking {Markup.Escape(candidate.Name)} ({engine.Name()})...", _ => results.Add(Run()));
                    }
                    else
                    {
                        results.Add(Run());
                    }
                }
            }

            if (tablePath is not null)
            {
                var tables = DeviceTables(models, target);
                LatencyTableCache.Write(tablePath, tables);
                foreach (var table in tables)
                {
                    output.Line(Markup.Escape(table.ToTableText().TrimEnd()));
                }

                output.Line($"latency table: {Markup.Escape(tablePath)}");
            }

            // After the models, so the product runs on the same warmed-up library and thread pool.
            double? matmulGflops = parse.GetValue(roofline) ? MatmulRate.MeasureGflops(device: target) : null;
            output.Write(Describe(results, options, target, matmulGflops));
            if (matmulGflops is { } rate)
            {
                output.Line(FormattableString.Invariant($"fp32 matmul rate ({MatmulRate.DefaultSize}x{MatmulRate.DefaultSize}, median): {rate:F1} GFLOP/s"));
            }

            output.WriteJson(results.Select(result => new
            {
                model = result.Model.Name,
                layout = ModelText.Layout(result.Model),
                runtime = result.Runtime.Name(),
                @params = ParameterCounter.Count(result.Model),
                latency_ms = result.Latency.MedianMs,
                latency_min_ms = result.Latency.MinMs,
                latency_max_ms = result.Latency.MaxMs,
                latency_ratio = result.Latency.MedianMs / results[0].Latency.MedianMs,
                tokens_per_s = result.TokensPerSecond,
                attention_path = result.AttentionPath,
                batch = options.Batch,
                forward_gflop = Gflop(result, options),
                gflops = matmulGflops is null ? (double?)null : AchievedGflops(result, options),
                matmul_gflops = matmulGflops,
                device = target.ToString(),
            }));
            return ExitCodes.Success;
        }));
        return command;
    }

    // CachedAttention: whether the timed path reused the memory's cached keys and values, which the FLOP count follows.
    private sealed record BenchResult(ParModel Model, InferenceRuntime Runtime, string AttentionPath, bool CachedAttention, TimingStatistics Latency, double? TokensPerSecond);

    /// <summary>
    /// One table per distinct shape among <paramref name="models"/>, at each model's own context and memory (a search
    /// that times blocks over a longer memory than it trains with finds its shape with <c>--set memory=N</c>), named by
    /// the hardware so that the file says which device it describes wherever it is read.
    /// </summary>
    private static List<BlockLatencyTable> DeviceTables(IEnumerable<ParModel> models, Device device)
    {
        var tables = new List<BlockLatencyTable>();
        foreach (var hp in models.Select(candidate => candidate.HyperParameters).Distinct())
        {
            var measured = BlockLatencyMeasurer.Measure(hp, device: device) with { Device = BlockLatencyMeasurer.HardwareName(device), MeasuredBy = DeviceTableMeasurer };
            if (tables.All(table => table.Key != measured.Key))
            {
                tables.Add(measured);
            }
        }

        return tables;
    }

    /// <summary>What a device table from <c>par bench</c> records as its measurer.</summary>
    private const string DeviceTableMeasurer = "par bench";

    private static BenchResult Measure(ParModel model, BenchmarkOptions options, Device device)
    {
        manual_seed(0);
        using var built = LayoutModel.Create(model, device);
        var latency = ModelBenchmark.MeasureInferenceLatency(built, options, device);
        double? tokensPerSecond = options.TrainingSteps > 0 ? ModelBenchmark.MeasureTrainingThroughput(built, options, device) : null;
        return new BenchResult(model, InferenceRuntime.Libtorch, TimedPath(model, options), options.CacheAttention, latency, tokensPerSecond);
    }

    // The exported graph recomputes the memory's projections every segment (it keeps no cache), and trains nothing.
    private static BenchResult MeasureOnnxRuntime(ParModel model, BenchmarkOptions options, PyTorchPython python)
    {
        using var exported = OnnxRuntimeModel.Fresh(model, python, options.Threads);
        return new BenchResult(model, InferenceRuntime.OnnxRuntime, TimedPath(model, options with { CacheAttention = false }), CachedAttention: false, OnnxRuntimeLatency.Measure(exported.Model, options), TokensPerSecond: null);
    }

    // Only xl reads a memory, so only its timing depends on whether that memory's keys are cached; a causal or
    // bidirectional model reads one sequence, and the table names its attention instead.
    private static string TimedPath(ParModel model, BenchmarkOptions options) =>
        model.HyperParameters.Attention.HasSegmentMemory() ? options.AttentionPath : model.HyperParameters.Attention.Name();

    private static string TimedInput(ParModel model) => model.HyperParameters.Attention.HasSegmentMemory()
        ? $"a {model.HyperParameters.Context}-token segment over a full memory of {model.HyperParameters.Memory}"
        : $"one {model.HyperParameters.Context}-token sequence";

    private static Table Describe(IReadOnlyList<BenchResult> results, BenchmarkOptions options, Device device, double? matmulGflops)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"latency: batch {options.Batch}, {options.Runs} runs after {options.WarmupRuns} warm-up, {string.Join(" / ", results.Select(result => TimedInput(result.Model)).Distinct())}, {string.Join(" / ", results.Select(result => result.AttentionPath).Distinct())} attention; {Markup.Escape(device.ToString())}")
            .AddColumns("model", "layout", "runtime", "parameters", "median ms", "min ms", "max ms", "ratio", "train tokens/s");
        if (matmulGflops is not null)
        {
            table.AddColumns("forward GFLOP", "GFLOP/s", "of matmul rate");
        }

        foreach (var result in results)
        {
            var cells = new List<string>
            {
                Markup.Escape(result.Model.Name),
                Markup.Escape(ModelText.Layout(result.Model)),
                $"{result.Runtime.Name()} ({result.AttentionPath})",
                ParameterCounter.Count(result.Model).ToString("N0", CultureInfo.InvariantCulture),
                result.Latency.MedianMs.ToString("F2", CultureInfo.InvariantCulture),
                result.Latency.MinMs.ToString("F2", CultureInfo.InvariantCulture),
                result.Latency.MaxMs.ToString("F2", CultureInfo.InvariantCulture),
                (result.Latency.MedianMs / results[0].Latency.MedianMs).ToString("F2", CultureInfo.InvariantCulture),
                result.TokensPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
            };
            if (matmulGflops is { } rate)
            {
                var achieved = AchievedGflops(result, options);
                cells.Add(Gflop(result, options).ToString("F3", CultureInfo.InvariantCulture));
                cells.Add(achieved.ToString("F1", CultureInfo.InvariantCulture));
                cells.Add((achieved / rate).ToString("P0", CultureInfo.InvariantCulture));
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static double Gflop(BenchResult result, BenchmarkOptions options) =>
        FlopCounter.Forward(result.Model, options.Batch, result.CachedAttention) / 1e9;

    private static double AchievedGflops(BenchResult result, BenchmarkOptions options) =>
        Gflop(result, options) / (result.Latency.MedianMs / 1e3);
}
