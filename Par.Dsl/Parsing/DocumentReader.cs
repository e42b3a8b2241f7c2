using System.Collections.Generic;
using Par.Dsl.Diagnostics;
using Par.Dsl.Validation;

namespace Par.Dsl.Parsing;

/// <summary>
/// Reads the statement structure of a document (namespace line, model blocks, key = value entries) from
/// comment-masked text. Hand-written rather than Sprache so that after a broken line or model it can
/// resume at the next entry or the next line starting with <c>model</c>.
/// </summary>
internal sealed class DocumentReader
{
    private const string ModelKeyword = "model";
    private const string NamespaceKeyword = "namespace";

    private readonly string text;
    private readonly DiagnosticBag diagnostics;
    private int position;

    private DocumentReader(string text, DiagnosticBag diagnostics)
    {
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /// <summary>
    /// True when the first word is <c>namespace</c> or <c>model</c>, or the text has a '{' or '=' (which no layout
    /// has, so a misspelt keyword is reported as such); otherwise the whole text is one layout.
    /// </summary>
    public static bool IsDocument(string maskedText)
    {
        var reader = new DocumentReader(maskedText, null!);
        reader.SkipWhitespace();
        var word = reader.ReadWord();
        return word is ModelKeyword or NamespaceKeyword || maskedText.IndexOfAny(new[] { '{', '=' }) >= 0;
    }

    public static (string? Namespace, IReadOnlyList<ModelSyntax> Models) Read(string maskedText, DiagnosticBag diagnostics)
    {
        var reader = new DocumentReader(maskedText, diagnostics);
        var namespaceName = reader.ReadNamespace();
        var models = new List<ModelSyntax>();
        while (true)
        {
            reader.SkipWhitespace();
            if (reader.AtEnd)
            {
                return (namespaceName, models);
            }

            var model = reader.ReadModel();
            if (model is not null)
            {
                models.Add(model);
            }
        }
    }

    private bool AtEnd => position >= text.Length;

    private char Current => text[position];

    private string? ReadNamespace()
    {
        SkipWhitespace();
        var start = position;
        if (ReadWord() != NamespaceKeyword)
        {
            position = start;
            return null;
        }

        SkipSpaces();
        var nameStart = position;
        while (!AtEnd && !char.IsWhiteSpace(Current))
        {
            position++;
        }

        var name = text.Substring(nameStart, position - nameStart);
        if (name.Length == 0)
        {
            Report(ParDiagnosticIds.SyntaxError, "Expected a namespace name such as My.Models after 'namespace'.", position, AtEnd ? 0 : 1);
            return null;
        }

        foreach (var problem in TypeNameRules.CheckNamespace(name))
        {
            Report(problem.Id, problem.Message, nameStart + problem.Offset, problem.Length);
        }

        ExpectEndOfLine("the namespace name");
        return name;
    }

    private ModelSyntax? ReadModel()
    {
        var keywordStart = position;
        var keyword = ReadWord();
        if (keyword != ModelKeyword)
        {
            var message = keyword == NamespaceKeyword
                ? "'namespace' must be the first statement of the file."
                : keyword.Length == 0
                ? $"Expected 'model' to start a model block, but found {Found(keywordStart)}."
                : $"Expected 'model' to start a model block, but found '{keyword}'.{(EditDistance.Between(keyword, ModelKeyword) <= 2 ? " Did you mean 'model'?" : string.Empty)}";
            Report(ParDiagnosticIds.SyntaxError, message, keywordStart, keyword.Length == 0 ? 1 : keyword.Length);
            SkipToNextModel();
            return null;
        }

        SkipWhitespace();
        var nameStart = position;
        while (!AtEnd && !char.IsWhiteSpace(Current) && Current is not ('{' or '}'))
        {
            position++;
        }

        var name = text.Substring(nameStart, position - nameStart);
        if (name.Length == 0)
        {
            Report(ParDiagnosticIds.SyntaxError, $"Expected a model name after 'model', but found {Found(nameStart)}.", nameStart, AtEnd ? 0 : 1);
            SkipToNextModel();
            return null;
        }

        SkipWhitespace();
        if (AtEnd || Current != '{')
        {
            Report(ParDiagnosticIds.SyntaxError, $"Expected '{{' after the model name '{name}', but found {Found(position)}.", position, AtEnd ? 0 : 1);
            SkipToNextModel();
            return null;
        }

        position++;
        var errorsBefore = diagnostics.ErrorCount;
        var entries = ReadEntries(name);
        return new ModelSyntax(name, nameStart, entries, diagnostics.ErrorCount > errorsBefore);
    }

    private List<ModelEntry> ReadEntries(string modelName)
    {
        var entries = new List<ModelEntry>();
        while (true)
        {
            while (!AtEnd && (char.IsWhiteSpace(Current) || Current == ';'))
            {
                position++;
            }

            if (AtEnd)
            {
                Report(ParDiagnosticIds.SyntaxError, $"The model '{modelName}' is missing its closing '}}'.", position, 0);
                return entries;
            }

            if (Current == '}')
            {
                position++;
                return entries;
            }

            var keyStart = position;
            var key = ReadWord();
            if (key.Length == 0)
            {
                Report(ParDiagnosticIds.SyntaxError, $"Unexpected {Found(keyStart)}; expected an entry such as d_model = 512, or '}}'.", keyStart, 1);
                position++;
                SkipToEndOfEntry();
                continue;
            }

            SkipSpaces();
            if (key == ModelKeyword && !AtEnd && Current != '=')
            {
                Report(ParDiagnosticIds.SyntaxError, $"The model '{modelName}' is missing its closing '}}' before the next model.", keyStart, key.Length);
                position = keyStart;
                return entries;
            }

            if (AtEnd || Current != '=')
            {
                Report(ParDiagnosticIds.SyntaxError, $"Expected '=' after '{key}', but found {Found(position)}.", position, AtEnd ? 0 : 1);
                SkipToEndOfEntry();
                continue;
            }

            position++;
            SkipSpaces();
            var valueStart = position;
            SkipToEndOfEntry();
            var valueEnd = position;
            while (valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1]))
            {
                valueEnd--;
            }

            entries.Add(new ModelEntry(key, keyStart, text.Substring(valueStart, valueEnd - valueStart), valueStart));
        }
    }

    private void ExpectEndOfLine(string after)
    {
        SkipSpaces();
        if (!AtEnd && Current != '\n')
        {
            Report(ParDiagnosticIds.SyntaxError, $"Unexpected {Found(position)} after {after}; expected the end of the line.", position, 1);
            while (!AtEnd && Current != '\n')
            {
                position++;
            }
        }
    }

    /// <summary>An entry ends at a newline, ';' or the '}' that closes the model (which is left for the caller).</summary>
    private void SkipToEndOfEntry()
    {
        while (!AtEnd && Current is not ('\n' or ';' or '}'))
        {
            position++;
        }
    }

    /// <summary>Error recovery: resume at the next line whose first word is 'model'.</summary>
    private void SkipToNextModel()
    {
        while (!AtEnd)
        {
            while (!AtEnd && Current != '\n')
            {
                position++;
            }

            SkipWhitespace();
            var lineStart = position;
            if (ReadWord() == ModelKeyword)
            {
                position = lineStart;
                return;
            }
        }
    }

    private string ReadWord()
    {
        var start = position;
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_'))
        {
            position++;
        }

        return text.Substring(start, position - start);
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            position++;
        }
    }

    /// <summary>Skips whitespace within the line: entries end at a newline.</summary>
    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Current) && Current != '\n')
        {
            position++;
        }
    }

    private string Found(int offset) => offset >= text.Length ? "the end of the file" : LayoutBuilder.Describe(text[offset]);

    private void Report(string id, string message, int offset, int length) => diagnostics.Report(id, message, offset, length);
}
