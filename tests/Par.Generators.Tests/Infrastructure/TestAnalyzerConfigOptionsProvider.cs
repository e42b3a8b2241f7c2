using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Par.Generators.Tests.Infrastructure;

/// <summary>
/// Stands in for the .editorconfig-style options MSBuild passes to generators:
/// <c>build_property.*</c> globally and <c>build_metadata.AdditionalFiles.*</c> per file path.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider(
    IReadOnlyDictionary<string, string>? globalOptions = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? fileOptions = null) : AnalyzerConfigOptionsProvider
{
    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(globalOptions ?? NoOptions);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(NoOptions);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new DictionaryOptions(fileOptions is not null && fileOptions.TryGetValue(textFile.Path, out var options) ? options : NoOptions);

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
