using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests;

/// <summary>
/// The compiler keeps Par.Runtime and Par.Search to <see cref="HeldScalars"/>: eng/BannedSymbols.HeldScalars.txt bans
/// every TorchSharp member that makes a Scalar nothing holds (RS0030, an error). These facts keep that list whole as
/// TorchSharp changes (a new implicit conversion or number operator would otherwise slip through) and keep it wired.
/// </summary>
public class HeldScalarBanTests
{
    private static readonly string RepositoryRoot = typeof(HeldScalarBanTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    private static readonly string BannedSymbolsFile = Path.Combine(RepositoryRoot, "eng", "BannedSymbols.HeldScalars.txt");

    private static readonly string[] ArithmeticOperators = ["op_Addition", "op_Subtraction", "op_Multiply", "op_Division", "op_Modulus"];

    [Fact]
    public void Every_implicit_conversion_to_a_scalar_is_banned()
    {
        var conversions = typeof(Scalar).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(method => method.Name == "op_Implicit");

        Assert.All(conversions.Select(DocumentationId), id => Assert.Contains(id, Banned()));
    }

    [Fact]
    public void Every_tensor_operator_that_makes_an_unheld_scalar_is_banned()
    {
        // A number operand becomes an implicit Scalar; + calls add(other), whose alpha = 1 is one; so does Scalar - Tensor.
        var makingScalars = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => ArithmeticOperators.Contains(method.Name))
            .Where(method => method.Name == "op_Addition"
                || method.GetParameters().Any(parameter => parameter.ParameterType.IsPrimitive)
                || (method.Name == "op_Subtraction" && method.GetParameters()[0].ParameterType == typeof(Scalar)));
        var sumsWithHiddenAlpha = typeof(Tensor).GetMethods().Concat(typeof(torch).GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(method => method.Name is "add" or "add_" && !method.GetParameters().Any(parameter => parameter.Name == "alpha"));

        Assert.All(makingScalars.Concat(sumsWithHiddenAlpha).Select(DocumentationId), id => Assert.Contains(id, Banned()));
    }

    [Fact]
    public void Every_banned_symbol_names_a_torchsharp_member_and_says_why()
    {
        var members = new[] { typeof(Scalar), typeof(Tensor), typeof(torch) }
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(DocumentationId).ToHashSet();
        var entries = BannedLines().Select(line => line.Split(';', 2)).ToList();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.Contains(entry[0], members);
            Assert.True(entry.Length == 2 && entry[1].Contains("finalized during the native call"), $"{entry[0]} does not say why it is banned.");
        });
    }

    [Fact]
    public void The_runtime_and_the_search_build_with_the_ban_as_an_error()
    {
        var targets = File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.targets"));

        Assert.Contains("<PackageReference Include=\"Microsoft.CodeAnalysis.BannedApiAnalyzers\"", targets);
        Assert.Contains("<AdditionalFiles Include=\"$(RepositoryRoot)eng/BannedSymbols.HeldScalars.txt\" />", targets);
        Assert.Contains("<WarningsAsErrors>$(WarningsAsErrors);RS0030</WarningsAsErrors>", targets);
        foreach (var project in new[] { "Par.Runtime/Par.Runtime.csproj", "Par.Search/Par.Search.csproj" })
        {
            Assert.Contains("<ParHoldsScalars>true</ParHoldsScalars>", File.ReadAllText(Path.Combine(RepositoryRoot, project)));
        }
    }

    private static HashSet<string> Banned() => BannedLines().Select(line => line.Split(';', 2)[0]).ToHashSet();

    private static IEnumerable<string> BannedLines() => File.ReadAllLines(BannedSymbolsFile).Where(line => line.StartsWith("M:", StringComparison.Ordinal));

    /// <summary>The C# documentation comment id of <paramref name="method"/>, as BannedSymbols.txt spells it.</summary>
    private static string DocumentationId(MethodInfo method)
    {
        var parameters = method.GetParameters().Select(parameter => TypeId(parameter.ParameterType)).ToList();
        var signature = parameters.Count == 0 ? string.Empty : $"({string.Join(',', parameters)})";
        var conversion = method.Name is "op_Implicit" or "op_Explicit" ? "~" + TypeId(method.ReturnType) : string.Empty;
        return $"M:{TypeId(method.DeclaringType!)}.{method.Name}{signature}{conversion}";
    }

    private static string TypeId(Type type) => type switch
    {
        { IsGenericParameter: true } => (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition,
        { IsGenericType: true } => $"{type.Namespace}.{type.Name[..type.Name.IndexOf('`')]}{{{string.Join(',', type.GetGenericArguments().Select(TypeId))}}}",
        { IsArray: true } => TypeId(type.GetElementType()!) + "[]",
        { IsByRef: true } => TypeId(type.GetElementType()!) + "@",
        { IsPointer: true } => TypeId(type.GetElementType()!) + "*",
        { IsNested: true } => $"{TypeId(type.DeclaringType!)}.{type.Name}",
        _ => $"{type.Namespace}.{type.Name}",
    };
}
