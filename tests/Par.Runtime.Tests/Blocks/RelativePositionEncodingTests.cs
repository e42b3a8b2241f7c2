using Par.Runtime.Blocks;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Blocks;

public class RelativePositionEncodingTests
{
    [Fact]
    public void Shift_gives_query_i_and_key_j_the_encoding_of_distance_memory_plus_i_minus_j()
    {
        const int Queries = 3, Memory = 2, Keys = Queries + Memory;
        // Each score holds the index of the encoding row it was computed from; row r encodes distance Keys-1-r.
        using var rows = arange(Keys, dtype: ScalarType.Float32).expand(1, 1, Queries, Keys).contiguous();

        using var shifted = RelativePositionEncoding.Shift(rows);

        for (var query = 0; query < Queries; query++)
        {
            for (var key = 0; key <= Memory + query; key++)
            {
                var distance = Memory + query - key;
                Assert.Equal(Keys - 1 - distance, shifted[0, 0, query, key].item<float>());
            }
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 3)]
    [InlineData(5, 5)]
    [InlineData(3, 7)]
    public void Shifted_view_holds_the_shifted_scores_wherever_a_query_may_look(int queries, int memory)
    {
        var keys = queries + memory;
        using var scores = randn(new long[] { 2, 3, queries, keys }, generator: new Generator(5));
        using var visible = ones(new long[] { queries, keys }, ScalarType.Bool).tril(memory);

        using var copied = RelativePositionEncoding.Shift(scores);
        using var viewed = RelativePositionEncoding.ShiftedView(scores);

        Assert.Equal(copied.shape, viewed.shape);
        Assert.True(copied.masked_select(visible).allclose(viewed.masked_select(visible), rtol: 0, atol: 0));
    }

    [Fact]
    public void Sinusoids_encode_distances_from_longest_to_zero()
    {
        using var encodings = RelativePositionEncoding.Sinusoids(4, 8, CPU, ScalarType.Float32);

        Assert.Equal(new long[] { 4, 8 }, encodings.shape);
        // Distance 0 is the last row: sin 0 = 0 for the first half, cos 0 = 1 for the second.
        Assert.True(encodings[3].allclose(tensor(new float[] { 0, 0, 0, 0, 1, 1, 1, 1 })));
    }
}
