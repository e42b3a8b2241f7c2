using System;
using Par.Dsl.Model;

namespace Par.Dsl.Tests;

public class EnumNamesTests
{
    [Fact]
    public void Every_attention_kind_has_one_spelling_that_reads_back()
    {
        foreach (var kind in Enum.GetValues<AttentionKind>())
        {
            Assert.True(AttentionKindNames.All.TryParse(kind.Name(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.Equal("xl", AttentionKind.Xl.Name());
        Assert.Equal("xl, causal or bidirectional", AttentionKindNames.All.Choices);
        Assert.False(AttentionKindNames.All.TryParse("XL", out _));
    }

    [Fact]
    public void Every_block_kind_has_one_letter_that_reads_back()
    {
        foreach (var kind in Enum.GetValues<BlockKind>())
        {
            Assert.Equal(kind, BlockKindExtensions.FromLetter(kind.Letter()));
        }
    }

    [Fact]
    public void Parse_names_the_choices_when_the_text_spells_no_value()
    {
        var names = new EnumNames<DayOfWeek>((DayOfWeek.Monday, "mon"), (DayOfWeek.Tuesday, "tue"), (DayOfWeek.Friday, "fri"));

        Assert.Equal(DayOfWeek.Tuesday, names.Parse("tue"));
        Assert.Equal("fri", names.Of(DayOfWeek.Friday));
        Assert.Contains("expected mon, tue or fri, got 'sun'", Assert.Throws<ArgumentException>(() => names.Parse("sun")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => names.Of(DayOfWeek.Sunday));
    }
}
