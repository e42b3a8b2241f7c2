using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class SearchCommandTests
{
    private const string TinySpace = "model Space { layout = [sf-]x3; d_model = 16; heads = 2; d_ff = 32; context = 8; memory = 8; dropout = 0 }\n";

    [Theory]
    [InlineData("soft", null, "soft Gumbel-softmax mixing")]
    [InlineData("single-path", null, "REINFORCE on paired paths")]
    [InlineData("single-path", "straight-through", "straight-through binary gates")]
    public void A_tiny_search_writes_a_found_model_that_par_check_accepts_with_its_sampling_in_the_header(string sampling, string? estimator, string described)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        string[] arguments =
        [
            "search", folder.Write("Space.par", TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes",
            "--steps", "8", "--sampling", sampling, "--out", found, "--json",
            .. estimator is null ? [] : new[] { "--path-gradient", estimator },
        ];

        var result = ParProcess.Run(folder.Path, arguments);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(described, result.Json.GetProperty("sampling").GetString());
        var header = File.ReadLines(found).TakeWhile(line => line.StartsWith('#')).ToList();
        Assert.Contains(header, line => line.Contains(described));
        Assert.Contains(header, line => line.StartsWith("# temperature:") && line.Contains("not used") == (sampling == "single-path"));
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "search.md")), result.ToString());
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "probabilities.png")), result.ToString());

        var check = ParProcess.Run(folder.Path, "check", found);
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
