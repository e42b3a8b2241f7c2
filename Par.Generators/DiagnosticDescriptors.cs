using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Par.Dsl.Diagnostics;

namespace Par.Generators;

/// <summary>
/// One Roslyn descriptor per id in <see cref="ParDiagnosticIds"/>. Ids and severities are constants in
/// static readonly fields because that is what the release-tracking analyzer (RS2008) reads to check
/// AnalyzerReleases.*.md (descriptors built from the catalog in a loop would hide them from it); titles and
/// descriptions come from <see cref="ParDiagnosticCatalog"/> so the CLI and the build say the same thing. Tests check
/// that every id has a descriptor agreeing with the catalog, and that the release files and docs/dsl.md list exactly
/// the catalog's ids. The message is the DSL's own, passed as the single format argument.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Par";
    private const string MessageFormat = "{0}";

    public static readonly DiagnosticDescriptor SyntaxError = new(
        ParDiagnosticIds.SyntaxError, Title(ParDiagnosticIds.SyntaxError), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.SyntaxError));

    public static readonly DiagnosticDescriptor UnknownBlock = new(
        ParDiagnosticIds.UnknownBlock, Title(ParDiagnosticIds.UnknownBlock), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.UnknownBlock));

    public static readonly DiagnosticDescriptor LayoutTooLarge = new(
        ParDiagnosticIds.LayoutTooLarge, Title(ParDiagnosticIds.LayoutTooLarge), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.LayoutTooLarge));

    public static readonly DiagnosticDescriptor EmptyLayout = new(
        ParDiagnosticIds.EmptyLayout, Title(ParDiagnosticIds.EmptyLayout), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.EmptyLayout));

    public static readonly DiagnosticDescriptor HeadsDoNotDivideWidth = new(
        ParDiagnosticIds.HeadsDoNotDivideWidth, Title(ParDiagnosticIds.HeadsDoNotDivideWidth), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.HeadsDoNotDivideWidth));

    public static readonly DiagnosticDescriptor UnknownHyperParameter = new(
        ParDiagnosticIds.UnknownHyperParameter, Title(ParDiagnosticIds.UnknownHyperParameter), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.UnknownHyperParameter));

    public static readonly DiagnosticDescriptor InvalidHyperParameterValue = new(
        ParDiagnosticIds.InvalidHyperParameterValue, Title(ParDiagnosticIds.InvalidHyperParameterValue), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidHyperParameterValue));

    public static readonly DiagnosticDescriptor DuplicateHyperParameter = new(
        ParDiagnosticIds.DuplicateHyperParameter, Title(ParDiagnosticIds.DuplicateHyperParameter), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.DuplicateHyperParameter));

    public static readonly DiagnosticDescriptor DuplicateModelName = new(
        ParDiagnosticIds.DuplicateModelName, Title(ParDiagnosticIds.DuplicateModelName), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.DuplicateModelName));

    public static readonly DiagnosticDescriptor InvalidIdentifier = new(
        ParDiagnosticIds.InvalidIdentifier, Title(ParDiagnosticIds.InvalidIdentifier), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidIdentifier));

    public static readonly DiagnosticDescriptor IdentityOutsideChoice = new(
        ParDiagnosticIds.IdentityOutsideChoice, Title(ParDiagnosticIds.IdentityOutsideChoice), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.IdentityOutsideChoice));

    public static readonly DiagnosticDescriptor InvalidRepeatCount = new(
        ParDiagnosticIds.InvalidRepeatCount, Title(ParDiagnosticIds.InvalidRepeatCount), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InvalidRepeatCount));

    public static readonly DiagnosticDescriptor FileTooLarge = new(
        ParDiagnosticIds.FileTooLarge, Title(ParDiagnosticIds.FileTooLarge), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.FileTooLarge));

    public static readonly DiagnosticDescriptor NameTooLong = new(
        ParDiagnosticIds.NameTooLong, Title(ParDiagnosticIds.NameTooLong), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.NameTooLong));

    public static readonly DiagnosticDescriptor ReservedModelName = new(
        ParDiagnosticIds.ReservedModelName, Title(ParDiagnosticIds.ReservedModelName), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.ReservedModelName));

    public static readonly DiagnosticDescriptor MemoryWithoutSegmentMemory = new(
        ParDiagnosticIds.MemoryWithoutSegmentMemory, Title(ParDiagnosticIds.MemoryWithoutSegmentMemory), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.MemoryWithoutSegmentMemory));

    public static readonly DiagnosticDescriptor NoAttention = new(
        ParDiagnosticIds.NoAttention, Title(ParDiagnosticIds.NoAttention), MessageFormat, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, Description(ParDiagnosticIds.NoAttention));

    public static readonly DiagnosticDescriptor AttentionInLastThird = new(
        ParDiagnosticIds.AttentionInLastThird, Title(ParDiagnosticIds.AttentionInLastThird), MessageFormat, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, Description(ParDiagnosticIds.AttentionInLastThird));

    public static readonly DiagnosticDescriptor DenseAttention = new(
        ParDiagnosticIds.DenseAttention, Title(ParDiagnosticIds.DenseAttention), MessageFormat, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, Description(ParDiagnosticIds.DenseAttention));

    public static readonly DiagnosticDescriptor InternalError = new(
        ParDiagnosticIds.InternalError, Title(ParDiagnosticIds.InternalError), MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description(ParDiagnosticIds.InternalError));

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new[]
    {
        SyntaxError, UnknownBlock, LayoutTooLarge, EmptyLayout, HeadsDoNotDivideWidth, UnknownHyperParameter,
        InvalidHyperParameterValue, DuplicateHyperParameter, DuplicateModelName, InvalidIdentifier,
        IdentityOutsideChoice, InvalidRepeatCount, FileTooLarge, NameTooLong, ReservedModelName, MemoryWithoutSegmentMemory, NoAttention, AttentionInLastThird, DenseAttention, InternalError,
    }.ToDictionary(descriptor => descriptor.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values;

    /// <summary>The descriptor of <paramref name="id"/>, or null when the generator does not know it.</summary>
    public static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;

    private static string Title(string id) => ParDiagnosticCatalog.Find(id)?.Title ?? id;

    private static string? Description(string id) => ParDiagnosticCatalog.Find(id)?.Description;
}
