using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Par.Dsl.Diagnostics;

namespace Par.Generators;

/// <summary>
/// One Roslyn descriptor per id in <see cref="ParDiagnosticIds"/>. Ids and severities are spelled out
/// as constants so the release-tracking analyzer (RS2008) can check them against AnalyzerReleases.*.md;
/// titles and descriptions come from <see cref="ParDiagnosticCatalog"/> so the CLI and the build say the
/// same thing. The message is the DSL's own, passed as the single format argument.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Par";
    private const string MessageFormat = "{0}";

    public static DiagnosticDescriptor SyntaxError { get; } = new(
        ParDiagnosticIds.SyntaxError, Title(ParDiagnosticIds.SyntaxError), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.SyntaxError));

    public static DiagnosticDescriptor UnknownBlock { get; } = new(
        ParDiagnosticIds.UnknownBlock, Title(ParDiagnosticIds.UnknownBlock), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.UnknownBlock));

    public static DiagnosticDescriptor LayoutTooLarge { get; } = new(
        ParDiagnosticIds.LayoutTooLarge, Title(ParDiagnosticIds.LayoutTooLarge), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.LayoutTooLarge));

    public static DiagnosticDescriptor EmptyLayout { get; } = new(
        ParDiagnosticIds.EmptyLayout, Title(ParDiagnosticIds.EmptyLayout), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.EmptyLayout));

    public static DiagnosticDescriptor HeadsDoNotDivideWidth { get; } = new(
        ParDiagnosticIds.HeadsDoNotDivideWidth, Title(ParDiagnosticIds.HeadsDoNotDivideWidth), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.HeadsDoNotDivideWidth));

    public static DiagnosticDescriptor UnknownHyperParameter { get; } = new(
        ParDiagnosticIds.UnknownHyperParameter, Title(ParDiagnosticIds.UnknownHyperParameter), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.UnknownHyperParameter));

    public static DiagnosticDescriptor InvalidHyperParameterValue { get; } = new(
        ParDiagnosticIds.InvalidHyperParameterValue, Title(ParDiagnosticIds.InvalidHyperParameterValue), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidHyperParameterValue));

    public static DiagnosticDescriptor DuplicateHyperParameter { get; } = new(
        ParDiagnosticIds.DuplicateHyperParameter, Title(ParDiagnosticIds.DuplicateHyperParameter), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.DuplicateHyperParameter));

    public static DiagnosticDescriptor DuplicateModelName { get; } = new(
        ParDiagnosticIds.DuplicateModelName, Title(ParDiagnosticIds.DuplicateModelName), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.DuplicateModelName));

    public static DiagnosticDescriptor InvalidIdentifier { get; } = new(
        ParDiagnosticIds.InvalidIdentifier, Title(ParDiagnosticIds.InvalidIdentifier), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidIdentifier));

    public static DiagnosticDescriptor IdentityOutsideChoice { get; } = new(
        ParDiagnosticIds.IdentityOutsideChoice, Title(ParDiagnosticIds.IdentityOutsideChoice), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.IdentityOutsideChoice));

    public static DiagnosticDescriptor InvalidRepeatCount { get; } = new(
        ParDiagnosticIds.InvalidRepeatCount, Title(ParDiagnosticIds.InvalidRepeatCount), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidRepeatCount));

    public static DiagnosticDescriptor NoAttention { get; } = new(
        ParDiagnosticIds.NoAttention, Title(ParDiagnosticIds.NoAttention), MessageFormat, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, Description(ParDiagnosticIds.NoAttention));

    public static DiagnosticDescriptor AttentionInLastThird { get; } = new(
        ParDiagnosticIds.AttentionInLastThird, Title(ParDiagnosticIds.AttentionInLastThird), MessageFormat, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, Description(ParDiagnosticIds.AttentionInLastThird));

    public static DiagnosticDescriptor DenseAttention { get; } = new(
        ParDiagnosticIds.DenseAttention, Title(ParDiagnosticIds.DenseAttention), MessageFormat, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, Description(ParDiagnosticIds.DenseAttention));

    public static DiagnosticDescriptor InternalError { get; } = new(
        ParDiagnosticIds.InternalError, Title(ParDiagnosticIds.InternalError), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InternalError));

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new[]
    {
        SyntaxError, UnknownBlock, LayoutTooLarge, EmptyLayout, HeadsDoNotDivideWidth, UnknownHyperParameter,
        InvalidHyperParameterValue, DuplicateHyperParameter, DuplicateModelName, InvalidIdentifier,
        IdentityOutsideChoice, InvalidRepeatCount, NoAttention, AttentionInLastThird, DenseAttention, InternalError,
    }.ToDictionary(descriptor => descriptor.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values;

    /// <summary>The descriptor of <paramref name="id"/>, or null when the generator does not know it.</summary>
    public static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;

    private static string Title(string id) => ParDiagnosticCatalog.Find(id)?.Title ?? id;

    private static string? Description(string id) => ParDiagnosticCatalog.Find(id)?.Description;
}
