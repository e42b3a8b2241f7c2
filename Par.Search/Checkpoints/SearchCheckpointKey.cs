using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Par.Search.Checkpoints;

/// <summary>
/// What must not change between a search and its resumption, as named values (the search builds it from its space,
/// data and declared options: <c>SearchSettings.CheckpointKey</c>), compared value by value on resume, so rewording a
/// report never breaks resuming; a value that joins later is null at its old default, so older checkpoints resume.
/// </summary>
internal sealed class SearchCheckpointKey(JsonObject json)
{

    public JsonObject ToJson() => (JsonObject)json.DeepClone();

    /// <summary>Each value that differs between <paramref name="stored"/> and this key, as "name stored -> now".</summary>
    public IReadOnlyList<string> DifferencesFrom(JsonObject? stored)
    {
        var then = stored ?? [];
        return then.Select(pair => pair.Key).Union(json.Select(pair => pair.Key))
            .Where(name => Text(then[name]) != Text(json[name]))
            .Select(name => $"{name} {Text(then[name]) ?? "(none)"} -> {Text(json[name]) ?? "(none)"}")
            .ToList();
    }

    // A value as its JSON text, strings unquoted; null when absent or null.
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
