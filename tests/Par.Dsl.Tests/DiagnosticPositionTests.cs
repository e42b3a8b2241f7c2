using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;

namespace Par.Dsl.Tests;

/// <summary>Every diagnostic id, at its exact 1-based line and column, mostly in multi-line texts.</summary>
public class DiagnosticPositionTests
{
    private static ParDiagnostic Single(string text, string id, string fileName = "Test.par")
    {
        var document = ParParser.Parse(text, fileName);
        return Assert.Single(document.Diagnostics, diagnostic => diagnostic.Id == id);
    }

    private static void AssertAt(ParDiagnostic diagnostic, int line, int column, int length)
    {
        Assert.True((line, column, length) == (diagnostic.Line, diagnostic.Column, diagnostic.Length), diagnostic.ToString() + $" length {diagnostic.Length}");
    }

    [Theory]
    [InlineData("(sf", 1, 4, 0)]
    [InlineData("(sf)x16 )", 1, 9, 1)]
    [InlineData("s\n(s f\n[sf", 3, 4, 0)]
    [InlineData("(sf) 16", 1, 6, 1)]
    [InlineData("()x3", 1, 2, 1)]
    [InlineData("[]", 1, 2, 1)]
    [InlineData("s\n  f (s!f)", 2, 7, 1)]
    public void Syntax_error_in_a_layout_is_reported_at_the_failing_character(string text, int line, int column, int length)
    {
        var diagnostic = Single(text, ParDiagnosticIds.SyntaxError);

        AssertAt(diagnostic, line, column, length);
        Assert.Equal(ParSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Syntax_error_in_a_model_block_is_reported_at_the_failing_character()
    {
        var diagnostic = Single("model A {\n  layout = sf\n  d_model 512\n}\n", ParDiagnosticIds.SyntaxError);

        AssertAt(diagnostic, 3, 11, 1);
        Assert.Contains("'='", diagnostic.Message);
    }

    [Fact]
    public void Misspelt_model_keyword_is_reported_as_such_not_as_a_layout()
    {
        var diagnostic = Single("# models\n  mdoel A {\n  layout = sf\n}\n", ParDiagnosticIds.SyntaxError);

        AssertAt(diagnostic, 2, 3, 5);
        Assert.Contains("Did you mean 'model'?", diagnostic.Message);
    }

    [Fact]
    public void Missing_closing_brace_is_reported_at_the_end_of_the_text()
    {
        const string text = "model A {\n  layout = sf\n";

        var diagnostic = Single(text, ParDiagnosticIds.SyntaxError);

        Assert.Equal(text.Length, diagnostic.Offset);
        AssertAt(diagnostic, 3, 1, 0);
    }

    [Fact]
    public void Memory_on_a_bidirectional_model_is_reported_at_its_value()
    {
        var diagnostic = Single("model A {\n    layout = (sf)x2\n    memory = 128\n    attention = bidirectional\n}", ParDiagnosticIds.MemoryWithoutSegmentMemory);

        AssertAt(diagnostic, 3, 14, 3);
        Assert.Equal(ParSeverity.Error, diagnostic.Severity);
        Assert.Contains("bidirectional", diagnostic.Message);
    }

    [Theory]
    [InlineData("model A {\n    layout = (sf)x2\n    attention = bidirectional\n}", 0)]
    [InlineData("model A {\n    layout = (sf)x2\n    memory = 0\n    attention = bidirectional\n}", 0)]
    [InlineData("model A {\n    layout = (sf)x2\n    memory = 128\n    attention = causal\n}", 128)]
    public void An_encoder_without_memory_or_with_memory_0_parses_and_other_kinds_keep_their_memory(string text, int memory)
    {
        var document = ParParser.Parse(text, "Test.par");

        Assert.False(document.HasErrors);
        Assert.Equal(memory, document.Models.Single().HyperParameters.Memory);
    }

    [Fact]
    public void Unknown_block_letter_is_reported_at_that_letter()
    {
        var diagnostic = Single("s s\nf q f", ParDiagnosticIds.UnknownBlock);

        AssertAt(diagnostic, 2, 3, 1);
        Assert.Contains("'q'", diagnostic.Message);
    }

    [Fact]
    public void Unknown_block_inside_a_model_layout_is_reported_at_that_letter()
    {
        var diagnostic = Single("model A {\n    layout = (sf)x2 [sz]\n}", ParDiagnosticIds.UnknownBlock);

        AssertAt(diagnostic, 2, 23, 1);
    }

    [Fact]
    public void An_x_without_digits_is_an_unknown_block_with_a_hint_about_repeat_counts()
    {
        var diagnostic = Single("(sf)x", ParDiagnosticIds.UnknownBlock);

        AssertAt(diagnostic, 1, 5, 1);
        Assert.Contains("x16", diagnostic.Message);
    }

    [Theory]
    [InlineData("(sf)x999999999")]
    [InlineData("(sf)x99999999999999999999999999999999")]
    [InlineData("((((sf)x100)x100)x100)x100")]
    [InlineData("(sf)x5001")]
    public void Layout_larger_than_the_limit_is_reported_for_the_whole_layout(string layout)
    {
        var diagnostic = Single("  " + layout + "  ", ParDiagnosticIds.LayoutTooLarge);

        AssertAt(diagnostic, 1, 3, layout.Length);
    }

    [Fact]
    public void Layout_too_large_over_several_lines_ends_on_its_last_line()
    {
        var diagnostic = Single("# big\n(sf)x4000\n(sf)x4000\n  (s)x4000 \n", ParDiagnosticIds.LayoutTooLarge);

        Assert.Equal((2, 1, 4, 11), (diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn));
    }

    [Fact]
    public void Empty_layout_is_reported_where_the_layout_should_be()
    {
        var diagnostic = Single("model A {\n  layout =   \n}", ParDiagnosticIds.EmptyLayout);

        AssertAt(diagnostic, 2, 14, 0);
    }

    [Fact]
    public void Empty_file_is_an_empty_layout()
    {
        var diagnostic = Single("# nothing here\n", ParDiagnosticIds.EmptyLayout);

        AssertAt(diagnostic, 1, 1, 0);
    }

    [Fact]
    public void Missing_layout_is_reported_at_the_model_name()
    {
        var document = ParParser.Parse("model A {\n  layout = sf\n}\nmodel Bee {\n  heads = 2\n}", "Test.par");

        var missing = Assert.Single(document.Diagnostics, item => item.Id == ParDiagnosticIds.EmptyLayout);
        AssertAt(missing, 4, 7, 3);
    }

    [Theory]
    [InlineData("model A {\n  layout = sf\n  d_model = 100\n  heads = 3\n}", 4, 11, 1)]
    [InlineData("model A {\n  layout = sf\n  d_model = 200\n}", 3, 13, 3)]
    public void Heads_not_dividing_d_model_is_reported_at_the_explicit_value(string text, int line, int column, int length)
    {
        AssertAt(Single(text, ParDiagnosticIds.HeadsDoNotDivideWidth), line, column, length);
    }

    [Fact]
    public void Invalid_heads_is_not_also_reported_as_not_dividing_d_model()
    {
        var document = ParParser.Parse("model A {\n  layout = sf\n  d_model = 200\n  heads = many\n}", "Test.par");

        Assert.Equal(ParDiagnosticIds.InvalidHyperParameterValue, Assert.Single(document.Diagnostics).Id);
    }

    [Theory]
    [InlineData("dmodel", "d_model")]
    [InlineData("head", "heads")]
    [InlineData("D_FF", "d_ff")]
    [InlineData("tie_embedding", "tie_embeddings")]
    public void Unknown_hyper_parameter_suggests_the_closest_key(string key, string suggestion)
    {
        var diagnostic = Single($"model A {{\n  layout = sf\n\n    {key} = 1\n}}", ParDiagnosticIds.UnknownHyperParameter);

        AssertAt(diagnostic, 4, 5, key.Length);
        Assert.Contains($"Did you mean '{suggestion}'?", diagnostic.Message);
    }

    [Theory]
    [InlineData("d_model = 0", 13, 1)]
    [InlineData("d_model = -5", 13, 2)]
    [InlineData("d_model = 12.5", 13, 4)]
    [InlineData("d_model = 99999999999999999999", 13, 20)]
    [InlineData("vocab = lots", 11, 4)]
    [InlineData("dropout = 1", 13, 1)]
    [InlineData("dropout = 1.5", 13, 3)]
    [InlineData("dropout = NaN", 13, 3)]
    [InlineData("dropout = -0.1", 13, 4)]
    [InlineData("attention = global", 15, 6)]
    [InlineData("tie_embeddings = yes", 20, 3)]
    [InlineData("context =", 12, 0)]
    public void Invalid_value_is_reported_at_the_value(string entry, int column, int length)
    {
        var diagnostic = Single($"model A {{\n  layout = sf\n  {entry}\n}}", ParDiagnosticIds.InvalidHyperParameterValue);

        AssertAt(diagnostic, 3, column, length);
    }

    [Fact]
    public void Duplicate_key_is_reported_at_the_second_occurrence()
    {
        var diagnostic = Single("model A {\n  layout = sf\n  heads = 8\n  heads = 8\n}", ParDiagnosticIds.DuplicateHyperParameter);

        AssertAt(diagnostic, 4, 3, 5);
    }

    [Fact]
    public void Duplicate_model_name_is_reported_at_the_second_model()
    {
        var document = ParParser.Parse("model A { layout = sf }\n\nmodel A { layout = ssf }\n", "Test.par");

        AssertAt(Assert.Single(document.Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.DuplicateModelName), 3, 7, 1);
        Assert.Equal(Assert.Single(document.Models).Layout, LayoutText.Expanded("sf"));
    }

    [Theory]
    [InlineData("model class {\n layout = sf\n}", 1, 7, 5)]
    [InlineData("model 2Fast {\n layout = sf\n}", 1, 7, 5)]
    [InlineData("\nmodel Par-Base {\n layout = sf\n}", 2, 7, 8)]
    [InlineData("namespace My.2nd.Models\nmodel A {\n layout = sf\n}", 1, 14, 3)]
    [InlineData("namespace My..Models\nmodel A {\n layout = sf\n}", 1, 14, 0)]
    public void Invalid_identifier_is_reported_at_the_name(string text, int line, int column, int length)
    {
        AssertAt(Single(text, ParDiagnosticIds.InvalidIdentifier), line, column, length);
    }

    [Fact]
    public void Invalid_identifier_suggests_the_sanitized_name()
    {
        Assert.Contains("'ParBase'", Single("model Par-Base {\n layout = sf\n}", ParDiagnosticIds.InvalidIdentifier).Message);
    }

    [Theory]
    [InlineData("class.par")]
    [InlineData("---.par")]
    public void File_name_that_cannot_be_sanitized_into_an_identifier_is_reported(string fileName)
    {
        var diagnostic = Single("sf", ParDiagnosticIds.InvalidIdentifier, fileName);

        AssertAt(diagnostic, 1, 1, 0);
        Assert.Contains(fileName, diagnostic.Message);
    }

    [Theory]
    [InlineData("s s\n- f", 2, 1, 1)]
    [InlineData("s [-] f", 1, 3, 3)]
    [InlineData("(s-)x2", 1, 3, 1)]
    public void Identity_outside_a_choice_is_reported_where_it_stands(string text, int line, int column, int length)
    {
        AssertAt(Single(text, ParDiagnosticIds.IdentityOutsideChoice), line, column, length);
    }

    [Fact]
    public void Repeat_count_of_zero_is_reported_at_the_count()
    {
        AssertAt(Single("s\n(sf)x0 f", ParDiagnosticIds.InvalidRepeatCount), 2, 6, 1);
    }

    [Fact]
    public void Layout_without_attention_warns_but_still_produces_the_model()
    {
        var document = ParParser.Parse("  (f)x8", "Ff.par");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(ParDiagnosticIds.NoAttention, diagnostic.Id);
        Assert.Equal(ParSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, 1, 3, 5);
        Assert.Single(document.Models);
    }

    [Fact]
    public void Attention_inside_a_choice_counts_as_attention()
    {
        Assert.Empty(ParParser.Parse("[sf-]x32", "Search.par").Diagnostics);
    }

    [Fact]
    public void Attention_in_the_last_third_is_reported_at_the_first_such_block()
    {
        // 9 layers: the last third starts at layer ceil(18/3) = 6; layer 6 comes from the s on line 2, column 2.
        var diagnostic = Single("sffff\nfsff", ParDiagnosticIds.AttentionInLastThird);

        Assert.Equal(ParSeverity.Info, diagnostic.Severity);
        AssertAt(diagnostic, 2, 2, 1);
    }

    [Fact]
    public void Attention_just_before_the_last_third_is_not_reported()
    {
        // 12 layers, s at layers 0 and 7; the last third starts at layer 8.
        Assert.Empty(ParParser.Parse("sffffff sffff", "Ok.par").Diagnostics);
    }

    [Fact]
    public void Dense_attention_is_reported_once_over_the_whole_layout()
    {
        // 4 attention blocks in 12 layers: more than one per five layers.
        var diagnostic = Single("model A {\n  layout = (sf)x4 (f)x4\n}", ParDiagnosticIds.DenseAttention);

        Assert.Equal(ParSeverity.Info, diagnostic.Severity);
        AssertAt(diagnostic, 2, 12, "(sf)x4 (f)x4".Length);
    }

    [Fact]
    public void One_attention_block_per_five_layers_is_not_dense_even_when_blocks_are_close()
    {
        Assert.DoesNotContain(ParParser.Parse("ss (f)x8", "Ok.par").Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.DenseAttention);
    }

    [Fact]
    public void Memory_may_be_zero_but_context_may_not()
    {
        var document = ParParser.Parse("model A {\n  layout = s f\n  memory = 0\n  context = 0\n}", "A.par");

        var diagnostic = Assert.Single(document.Diagnostics, candidate => candidate.Severity == ParSeverity.Error);
        Assert.Equal(ParDiagnosticIds.InvalidHyperParameterValue, diagnostic.Id);
        AssertAt(diagnostic, 4, 13, 1);
    }

    [Fact]
    public void Paper_layouts_get_the_paper_advice()
    {
        var transformerXl = ParParser.Parse("(sf)x16", "Xl.par").Diagnostics.Select(diagnostic => diagnostic.Id);
        var parBase = ParParser.Parse("(sfff)x6 (f)x8", "ParBase.par").Diagnostics.Select(diagnostic => diagnostic.Id);

        // Sorted by position: the ratio advice covers the whole layout, the last-third advice points at layer 22.
        Assert.Equal(new[] { ParDiagnosticIds.DenseAttention, ParDiagnosticIds.AttentionInLastThird }, transformerXl);
        Assert.Empty(parBase);
    }

    [Fact]
    public void Errors_in_several_models_are_all_reported_in_offset_order()
    {
        const string text = "model A {\n  layout = s q\n}\nmodel B {\n  dmodel = 3\n  layout = sf\n}\nmodel C {\n  layout = (sf\n}\n";

        var document = ParParser.Parse(text, "Many.par");

        Assert.Equal(
            new[] { ParDiagnosticIds.UnknownBlock, ParDiagnosticIds.UnknownHyperParameter, ParDiagnosticIds.SyntaxError },
            document.Diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.Equal(new[] { 2, 5, 9 }, document.Diagnostics.Select(diagnostic => diagnostic.Line));
        Assert.Empty(document.Models);
    }

    [Fact]
    public void Every_id_has_a_catalog_entry_and_every_entry_a_distinct_id()
    {
        var ids = typeof(ParDiagnosticIds).GetFields().Select(field => (string)field.GetRawConstantValue()!).ToList();

        Assert.All(ids, id => Assert.NotNull(ParDiagnosticCatalog.Find(id)));
        Assert.Equal(ids.OrderBy(id => id), ParDiagnosticCatalog.All.Select(descriptor => descriptor.Id).OrderBy(id => id));
        Assert.All(ParDiagnosticCatalog.All, descriptor => Assert.False(string.IsNullOrWhiteSpace(descriptor.Title + descriptor.Description)));
    }
}
