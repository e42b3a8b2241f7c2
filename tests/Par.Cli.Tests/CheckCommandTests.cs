using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class CheckCommandTests
{
    [Fact]
    public void Check_reports_a_letter_that_is_not_a_block_at_its_line_and_column_and_exits_2()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Write("Bad.par", "model M {\n    layout = s q f\n}\n");

        var result = ParProcess.Run(folder.Path, "check", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Bad.par(2,16): error PAR0002", result.Stdout);
    }

    [Fact]
    public void Check_of_a_valid_file_exits_0()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "check", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 error(s)", result.Stdout);
    }
}
