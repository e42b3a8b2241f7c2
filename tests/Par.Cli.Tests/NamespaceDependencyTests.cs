namespace Par.Cli.Tests;

public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(System.Reflection.Assembly.Load("par"), "Par.Cli.Commands", "Par.Cli.Console");
