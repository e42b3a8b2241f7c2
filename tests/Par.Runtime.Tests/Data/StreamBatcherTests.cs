using System.Linq;
using Par.Runtime.Data;

namespace Par.Runtime.Tests.Data;

public class StreamBatcherTests
{
    // 0..41 in 2 rows of 21: row 0 = 0..20, row 1 = 21..41; context 4 gives (21-1)/4 = 5 segments per pass.
    private static readonly TokenStream Stream = new(Enumerable.Range(0, 43).ToArray(), Enumerable.Range(0, 43).Select(i => i % 5 == 0).ToArray());

    [Fact]
    public void Rows_are_contiguous_and_targets_are_shifted_by_one()
    {
        var batcher = new StreamBatcher(Stream, batch: 2, context: 4);

        using var first = batcher.Next();
        using var second = batcher.Next();

        Assert.Equal(5, batcher.SegmentsPerPass);
        Assert.Equal(new long[] { 0, 1, 2, 3, 21, 22, 23, 24 }, first.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4, 22, 23, 24, 25 }, first.Targets.data<long>().ToArray());
        Assert.Equal(new long[] { 4, 5, 6, 7, 25, 26, 27, 28 }, second.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 4 }, first.Inputs.shape);
        Assert.True(first.StartsPass);
        Assert.False(second.StartsPass);
    }

    [Fact]
    public void The_recall_mask_follows_the_targets()
    {
        var batcher = new StreamBatcher(Stream, batch: 2, context: 4);

        using var first = batcher.Next();

        Assert.Equal(new[] { false, false, false, false, false, false, false, true }, first.RecallMask!.data<bool>().ToArray());
    }

    [Fact]
    public void A_restored_position_continues_exactly_and_passes_wrap_around()
    {
        var original = new StreamBatcher(Stream, 2, 4);
        for (var i = 0; i < 3; i++)
        {
            original.Next().Dispose();
        }

        var restored = new StreamBatcher(Stream, 2, 4) { Position = original.Position };
        using var expected = original.Next();
        using var actual = restored.Next();
        Assert.Equal(expected.Inputs.data<long>().ToArray(), actual.Inputs.data<long>().ToArray());

        restored.Next().Dispose();
        using var wrapped = restored.Next();
        Assert.True(wrapped.StartsPass);
        Assert.Equal(5, wrapped.Index);
        Assert.Equal(0, wrapped.Inputs.data<long>()[0]);
    }
}
