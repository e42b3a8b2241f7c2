using System;
using System.CommandLine;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Runtime.Data;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>The data, tokenization, device and thread options shared by train, eval and search.</summary>
internal static class DataOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "'synthetic' (the built-in corpus), a WikiText-style folder or one text file.",
        DefaultValueFactory = _ => Dataset.Synthetic,
    };

    public static Option<string?> Tokens() => new("--tokens")
    {
        Description = "For text data: bytes (bits per byte) or words (perplexity).",
    };

    /// <summary><c>--device</c>, resolved while the command line is parsed: a device this build cannot use is bad usage.</summary>
    public static Option<Device> Device() => new("--device")
    {
        Description = "cpu, cuda, cuda:N or auto.",
        HelpName = "cpu|cuda|cuda:N|auto",
        DefaultValueFactory = _ => CPU,
        CustomParser = result =>
        {
            try
            {
                return DeviceOption.Resolve(result.Tokens.Single().Value);
            }
            catch (UsageException exception)
            {
                result.AddError(exception.Message);
                return CPU;
            }
        },
    };

    /// <summary><c>--objective clm|mlm</c>: unset, a model trains and is scored as its attention kind implies.</summary>
    public static Option<TrainingObjective?> Objective() => new Option<TrainingObjective?>("--objective")
    {
        Description = "clm (next token) or mlm (BERT's masked tokens); default: mlm for bidirectional models, else clm.",
    }.Choices(TrainingObjectiveNames.All);

    /// <summary>The objective asked for, or the one <paramref name="model"/>'s attention implies; a pair that cannot train is bad usage.</summary>
    public static TrainingObjective ResolveObjective(TrainingObjective? asked, ParModel model)
    {
        var objective = asked ?? TrainingObjectiveNames.DefaultFor(model.HyperParameters.Attention);
        return objective.Refusal(model.HyperParameters.Attention) is { } refusal
            ? throw new UsageException($"--objective {objective.Name()} for '{model.Name}': {refusal}")
            : objective;
    }

    public static Option<int?> Threads() => new Option<int?>("--threads")
    {
        Description = "libtorch intra-op threads (default: libtorch's choice, one per core).",
    }.Positive();

    /// <summary>The data, with the <c>[MASK]</c> token in its vocabulary when <paramref name="objective"/> is masked.</summary>
    public static Dataset LoadDataset(string data, string? tokens, TrainingObjective objective = TrainingObjective.CausalLanguageModel)
    {
        try
        {
            return Dataset.Load(data, tokens, maskToken: objective == TrainingObjective.MaskedLanguageModel);
        }
        catch (ArgumentException exception)
        {
            throw new UsageException($"--data {data}: {CommandRunner.MessageOf(exception)}");
        }
    }

    /// <summary>The vocabulary is the data's: a .par file's own value is replaced, with a note when they differ.</summary>
    public static ParModel FitVocabulary(ParModel model, Dataset dataset)
    {
        var vocabulary = dataset.Tokenizer.VocabularySize;
        if (model.HyperParameters.Vocab == vocabulary)
        {
            return model;
        }

        CliOutput.Note($"par: vocab {model.HyperParameters.Vocab} in the .par file replaced by the data's {vocabulary} ({dataset.Tokenizer.Name} tokens).");
        return model with { HyperParameters = model.HyperParameters with { Vocab = vocabulary } };
    }

    public static void ApplyThreads(int? threads)
    {
        if (threads is { } count)
        {
            set_num_threads(count);
        }
    }
}
