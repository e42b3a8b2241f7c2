namespace Par.Dsl.Diagnostics;

public enum ParSeverity
{
    Info,
    Warning,
    Error,
}
