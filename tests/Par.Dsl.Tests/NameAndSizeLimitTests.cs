using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Parsing;

namespace Par.Dsl.Tests;

/// <summary>
/// Texts and names the build could not handle are refused by the parser itself (and so by <c>par check</c>),
/// at the name, with the limits of <see cref="Limits"/>.
/// </summary>
public class NameAndSizeLimitTests
{
    [Fact]
    public void A_text_over_the_size_limit_is_refused_without_being_parsed()
    {
        var text = "model Big {\n    layout = " + new string('s', Limits.MaxFileBytes) + "\n}\n";

        var document = ParParser.Parse(text, "Big.par");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(ParDiagnosticIds.FileTooLarge, diagnostic.Id);
        Assert.Contains("1,048,576-byte limit", diagnostic.Message);
        Assert.Empty(document.Models);
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes_not_characters()
    {
        // 400,000 three-byte characters in a comment: 1.2 MB in a file, fewer characters than the limit.
        var text = "# " + new string('\u20ac', 400_000) + "\nmodel Small { layout = sf }\n";

        var document = ParParser.Parse(text, "Small.par");

        Assert.Equal(ParDiagnosticIds.FileTooLarge, Assert.Single(document.Diagnostics).Id);
    }

    [Theory]
    [InlineData("Layout")]
    [InlineData("Create")]
    [InlineData("Heads")]
    [InlineData("forward")]
    [InlineData("layer_03_feed_forward")]
    public void A_model_named_like_a_member_of_its_generated_class_is_reserved_at_the_name(string name)
    {
        var document = ParParser.Parse($"model {name} {{ layout = sf }}\n", "Clash.par");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(ParDiagnosticIds.ReservedModelName, diagnostic.Id);
        Assert.Equal((1, 7, name.Length), (diagnostic.Line, diagnostic.Column, diagnostic.Length));
        Assert.Empty(document.Models);
    }

    [Fact]
    public void A_model_name_over_the_identifier_limit_is_reported_at_the_name()
    {
        var name = "M" + new string('x', Limits.MaxIdentifierLength);

        var document = ParParser.Parse($"model {name} {{ layout = sf }}\n", "Long.par");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(ParDiagnosticIds.NameTooLong, diagnostic.Id);
        Assert.Equal((1, 7), (diagnostic.Line, diagnostic.Column));
        Assert.Contains("the limit is 512", diagnostic.Message);
    }

    [Fact]
    public void A_name_at_the_identifier_limit_is_accepted()
    {
        var name = "M" + new string('x', Limits.MaxIdentifierLength - 1);

        var document = ParParser.Parse($"model {name} {{ layout = sf }}\n", "Long.par");

        Assert.DoesNotContain(document.Diagnostics, diagnostic => diagnostic.Severity == ParSeverity.Error);
        Assert.Equal(name, Assert.Single(document.Models).Name);
    }

    [Fact]
    public void A_namespace_of_too_many_parts_is_reported_once_at_the_namespace()
    {
        var text = "namespace " + string.Join(".", Enumerable.Repeat("N", 2_000)) + "\n\nmodel M { layout = sf }\n";

        var diagnostic = Assert.Single(ParParser.Parse(text, "Deep.par").Diagnostics);

        Assert.Equal(ParDiagnosticIds.NameTooLong, diagnostic.Id);
        Assert.Equal((1, 11), (diagnostic.Line, diagnostic.Column));
        Assert.Contains("2000 parts; the limit is 64", diagnostic.Message);
    }

    [Fact]
    public void A_namespace_and_model_name_over_the_metadata_limit_together_are_reported_at_the_model_name()
    {
        var text = $"namespace {new string('N', 512)}\n\nmodel {new string('M', 511)} {{ layout = sf }}\n";

        var diagnostic = Assert.Single(ParParser.Parse(text, "Wide.par").Diagnostics);

        Assert.Equal(ParDiagnosticIds.NameTooLong, diagnostic.Id);
        Assert.Equal((3, 7), (diagnostic.Line, diagnostic.Column));
        Assert.Contains("1024 UTF-8 bytes long; the metadata limit is 1023", diagnostic.Message);
    }

    [Fact]
    public void An_undocumented_keyword_is_not_a_valid_model_name()
    {
        var diagnostic = Assert.Single(ParParser.Parse("model __makeref { layout = sf }\n", "Odd.par").Diagnostics);

        Assert.Equal(ParDiagnosticIds.InvalidIdentifier, diagnostic.Id);
    }
}
