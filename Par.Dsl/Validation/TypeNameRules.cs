using System.Collections.Generic;
using System.Linq;
using System.Text;
using Par.Dsl.Diagnostics;

namespace Par.Dsl.Validation;

/// <summary>A problem with a name, at <see cref="Offset"/> characters into the name, for <see cref="Length"/> characters.</summary>
public sealed record NameProblem(string Id, string Message, int Offset, int Length);

/// <summary>
/// Model and namespace names become the generated C# type's name and namespace. These rules decide for both
/// <c>par check</c> (through the parser) and the generator (for namespaces from MSBuild), so a name that passes one
/// builds in the other. The limits are in <see cref="Limits"/> and docs/dsl.md.
/// </summary>
public static class TypeNameRules
{
    /// <summary>The problem with a model name, or null when a class of that name can be generated.</summary>
    public static NameProblem? CheckModelName(string name)
    {
        if (name.Length > Limits.MaxIdentifierLength)
        {
            return new NameProblem(ParDiagnosticIds.NameTooLong, $"The model name '{Abbreviate(name)}' is {name.Length} characters long; the limit is {Limits.MaxIdentifierLength}.", 0, name.Length);
        }

        if (!CSharpIdentifier.IsValid(name))
        {
            var sanitized = CSharpIdentifier.Sanitize(name);
            var suggestion = CSharpIdentifier.IsValid(sanitized) ? $" Did you mean '{sanitized}'?" : string.Empty;
            return new NameProblem(
                ParDiagnosticIds.InvalidIdentifier,
                $"The model name '{name}' is not a valid C# identifier: use letters, digits and underscores, not starting with a digit, and no C# keyword.{suggestion}",
                0,
                name.Length);
        }

        return ReservedModelNames.IsReserved(name)
            ? new NameProblem(ParDiagnosticIds.ReservedModelName, $"The model name '{name}' is reserved: its generated class has a member of that name, and C# forbids a member named like its class; rename the model.", 0, name.Length)
            : null;
    }

    /// <summary>Every problem with a dotted namespace name, each at its part (or the whole name for too many parts).</summary>
    public static IEnumerable<NameProblem> CheckNamespace(string name)
    {
        var parts = name.Split('.');
        if (parts.Length > Limits.MaxNamespaceParts)
        {
            yield return new NameProblem(ParDiagnosticIds.NameTooLong, $"The namespace has {parts.Length} parts; the limit is {Limits.MaxNamespaceParts}.", 0, name.Length);
            yield break;
        }

        var offset = 0;
        foreach (var part in parts)
        {
            if (part.Length > Limits.MaxIdentifierLength)
            {
                yield return new NameProblem(ParDiagnosticIds.NameTooLong, $"The namespace part '{Abbreviate(part)}' is {part.Length} characters long; the limit is {Limits.MaxIdentifierLength}.", offset, part.Length);
            }
            else if (!CSharpIdentifier.IsValid(part))
            {
                var problem = part.Length == 0 ? $"The namespace '{name}' has an empty part" : $"The namespace part '{part}' is not a valid C# identifier";
                yield return new NameProblem(ParDiagnosticIds.InvalidIdentifier, $"{problem}; write dotted names of letters, digits and underscores, not starting with a digit, and no keyword.", offset, part.Length);
            }

            offset += part.Length + 1;
        }
    }

    public static bool IsValidNamespace(string name) => !CheckNamespace(name).Any();

    /// <summary>The problem with the full type name <c>Namespace.Model</c> (reported at the model name), or null.</summary>
    public static NameProblem? CheckQualifiedName(string? namespaceName, string modelName)
    {
        var qualified = string.IsNullOrEmpty(namespaceName) ? modelName : namespaceName + "." + modelName;
        var bytes = Encoding.UTF8.GetByteCount(qualified);
        return bytes > Limits.MaxQualifiedNameBytes
            ? new NameProblem(ParDiagnosticIds.NameTooLong, $"The type name '{Abbreviate(qualified)}' is {bytes} UTF-8 bytes long; the metadata limit is {Limits.MaxQualifiedNameBytes}. Shorten the model name or the namespace.", 0, modelName.Length)
            : null;
    }

    // A name of thousands of characters would drown the message it is quoted in.
    private static string Abbreviate(string name) => name.Length <= 40 ? name : name.Substring(0, 20) + "…" + name.Substring(name.Length - 10);
}
