using System.Linq;
using Par.Runtime.Data;
using Par.Search.Data;

namespace Par.Search.Tests;

public sealed class TrainingSplitTests
{
    [Fact]
    public void ArchitectureSlice_IsTheHeldOutTailOfTheTrainingStream_DisjointFromTheWeightSlice()
    {
        var training = new TokenStream(Enumerable.Range(0, 100).ToArray(), Enumerable.Range(0, 100).Select(token => token % 7 == 0).ToArray());

        var split = TrainingSplit.Cut(training, 0.3);

        Assert.Equal(Enumerable.Range(0, 70), split.Weights.Tokens);
        Assert.Equal(Enumerable.Range(70, 30), split.Architecture.Tokens);
        Assert.Equal(training.RecallMask!.Skip(70), split.Architecture.RecallMask!);
    }
}
