using Par.Dsl.Model;

namespace Par.Search;

public static class SamplingModeNames
{
    /// <summary>The spelling of each value in the CLI's --sampling.</summary>
    public static EnumNames<SamplingMode> All { get; } = new((SamplingMode.Soft, "soft"), (SamplingMode.SinglePath, "single-path"));

    public static string Name(this SamplingMode mode) => All.Of(mode);
}
