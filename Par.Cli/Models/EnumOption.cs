using Par.Dsl.Model;

namespace Par.Cli.Models;

/// <summary>An option whose value names an enum value, read through the enum's one spelling table.</summary>
internal static class EnumOption
{
    /// <summary>The value <paramref name="text"/> spells; a usage error naming <paramref name="option"/> and the choices otherwise.</summary>
    public static TEnum Parse<TEnum>(EnumNames<TEnum> names, string option, string? text)
        where TEnum : struct, System.Enum =>
        names.TryParse(text, out var value) ? value : throw new UsageException($"{option}: expected {names.Choices}, got '{text}'.");
}
