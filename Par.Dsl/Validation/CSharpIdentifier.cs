using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Par.Dsl.Validation;

/// <summary>Model and namespace names become C# type and namespace names, so they follow C#'s identifier rules.</summary>
public static class CSharpIdentifier
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",

        // Undocumented keywords that Roslyn reserves all the same.
        "__arglist", "__makeref", "__reftype", "__refvalue",
    };

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>True for a non-keyword name of letters, digits and underscores that does not start with a digit.</summary>
    public static bool IsValid(string name) =>
        name.Length > 0
        && (char.IsLetter(name[0]) || name[0] == '_')
        && name.All(character => char.IsLetterOrDigit(character) || character == '_')
        && !IsKeyword(name);

    /// <summary>
    /// The name with every character that is not a letter, digit or underscore removed, and '_' put in front
    /// when it would start with a digit ("TransformerXL-Base" becomes "TransformerXLBase"). May still be
    /// invalid: empty, or a keyword.
    /// </summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var character in name.Where(character => char.IsLetterOrDigit(character) || character == '_'))
        {
            if (builder.Length == 0 && char.IsDigit(character))
            {
                builder.Append('_');
            }

            builder.Append(character);
        }

        return builder.ToString();
    }
}
