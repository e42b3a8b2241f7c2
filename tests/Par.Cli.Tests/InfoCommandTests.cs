using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class InfoCommandTests
{
    [Fact]
    public void Info_as_json_describes_a_layout_only_file_as_one_model_named_after_the_file()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Write("ParBase.par", "(sfff)x6 (f)x8\n");

        var result = ParProcess.Run(folder.Path, "info", file, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal("ParBase", json.GetProperty("model").GetString());
        Assert.Equal("(sfff)x6 (f)x8", json.GetProperty("layout").GetString());
        Assert.Equal(32, json.GetProperty("layers").GetInt32());
        Assert.Equal(6, json.GetProperty("attention_blocks").GetInt32());
        Assert.True(json.GetProperty("params").GetInt64() > 0, result.ToString());
    }
}
