namespace Par.Cli.Commands;

/// <summary>Where <c>par search FILE</c> keeps its checkpoint, how often it writes it, and whether to continue from it.</summary>
internal sealed record SearchCheckpointChoice(string Path, int Every, bool Resume);
