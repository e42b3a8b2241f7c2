using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

/// <summary>Inputs are bounded and validated: every one gets a clear verdict, exit 2, and no stack trace.</summary>
public class InputLimitTests
{
    [Fact]
    public void Checking_a_device_is_refused_without_reading_it()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "check", "/dev/zero");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'/dev/zero' is not a regular file (a character device)", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Fact]
    public void A_par_file_over_one_mebibyte_is_refused_naming_the_limit()
    {
        using var folder = new TemporaryFolder();
        var big = folder.Write("Big.par", "model Big { layout = sf }\n" + new string('#', 1 << 20) + "\n");

        var result = ParProcess.Run(folder.Path, "check", big);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{big}' is larger than the 1 MiB limit for .par files", result.Stderr);
    }

    [Fact]
    public void Training_on_a_device_is_bad_data_naming_it()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", "/dev/zero", "--tokens", "bytes", "--steps", "2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'/dev/zero' is not a regular file (a character device)", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Fact]
    public void Check_reports_every_argument_even_after_a_folder_and_a_missing_file()
    {
        using var folder = new TemporaryFolder();
        var first = folder.Write("a.par", "model A { layout = sf }\n");
        var last = folder.Write("b.par", "model B { layout = s q }\n");
        Directory.CreateDirectory(folder.File("empty"));
        Directory.CreateDirectory(folder.File("models"));
        folder.Write(Path.Combine("models", "Inside.par"), "model Inside { layout = sff }\n");

        var result = ParProcess.Run(folder.Path, "check", first, folder.File("empty"), folder.File("missing.par"), folder.File("models"), last, "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{folder.File("empty")}' is a folder with no .par files", result.Stderr);
        Assert.Contains("no such .par file", result.Stderr);
        var json = result.Json;
        Assert.Equal(5, json.GetProperty("files").GetInt32());
        Assert.Equal(2, json.GetProperty("models").GetInt32()); // A and Inside; B has an error
        Assert.Equal(2, json.GetProperty("unreadable").GetArrayLength());
        Assert.Contains(json.GetProperty("diagnostics").EnumerateArray(), diagnostic => diagnostic.GetProperty("file").GetString() == last && diagnostic.GetProperty("id").GetString() == "PAR0002");
    }

    [Theory]
    [InlineData("Layout", "PAR0015")]
    [InlineData("Create", "PAR0015")]
    [InlineData("Heads", "PAR0015")]
    public void Check_refuses_the_model_names_the_build_refuses_at_the_name(string name, string id)
    {
        using var folder = new TemporaryFolder();
        var file = folder.Write("Clash.par", $"model {name} {{ layout = sf }}\n");

        var result = ParProcess.Run(folder.Path, "check", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{file}(1,7): error {id}", result.Stdout);
    }

    [Fact]
    public void Check_refuses_a_model_name_too_long_for_csc_and_a_namespace_of_thousands_of_parts()
    {
        using var folder = new TemporaryFolder();
        var longName = folder.Write("Long.par", $"model M{new string('x', 1_100)} {{ layout = sf }}\n");
        var deep = folder.Write("Deep.par", $"namespace {string.Join(".", Enumerable.Repeat("N", 2_000))}\n\nmodel M {{ layout = sf }}\n");

        var result = ParProcess.Run(folder.Path, "check", longName, deep);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{longName}(1,7): error PAR0014", result.Stdout);
        Assert.Contains($"{deep}(1,11): error PAR0014", result.Stdout);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("search")]
    public void A_context_too_large_for_memory_is_refused_naming_the_settings_before_allocating(string verb)
    {
        using var folder = new TemporaryFolder();
        string[] source = verb == "train" ? [TinyInputs.WriteModel(folder)] : [];

        var result = ParProcess.Run(folder.Path, [verb, .. source, "--set", "context=100000", "--steps", "2"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("of memory to train", result.Stderr);
        Assert.Contains("context 100000", result.Stderr);
        Assert.Contains("Lower context, memory or", result.Stderr);
    }

    [Fact]
    public void Bench_refuses_a_context_too_large_for_memory()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "bench", TinyInputs.WriteModel(folder), "--set", "context=100000");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("of memory to run with --batch 1", result.Stderr);
    }
}
