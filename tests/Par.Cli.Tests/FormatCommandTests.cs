using System.IO;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class FormatCommandTests
{
    private const string Header = "# Sandwich-ish, written by hand\n# second header line\n";
    private const string Unformatted = Header + "model M { layout = s f s f s f f f f f }\n";

    [Fact]
    public void Fmt_check_on_a_non_canonical_file_exits_1_and_changes_nothing()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Write("M.par", Unformatted);

        var result = ParProcess.Run(folder.Path, "fmt", "--check", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("not in canonical form", result.Stderr);
        Assert.Equal(Unformatted, File.ReadAllText(file));
    }

    [Fact]
    public void Fmt_rewrites_the_file_in_canonical_form_keeping_its_comment_header()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Write("M.par", Unformatted);

        var formatted = ParProcess.Run(folder.Path, "fmt", file);
        var recheck = ParProcess.Run(folder.Path, "fmt", "--check", file);

        Assert.True(formatted.ExitCode == 0, formatted.ToString());
        Assert.True(recheck.ExitCode == 0, recheck.ToString());
        var text = File.ReadAllText(file);
        Assert.StartsWith(Header, text);
        Assert.Contains("layout = (sf)x3 (f)x4", text);
    }
}
