using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Dsl.Printing;
using Par.Search.Space;

namespace Par.Search.Checkpoints;

/// <summary>
/// What must not change between a search and its resumption: the space, the data's size and every steering option
/// (<see cref="SearchSettings.Steering"/>) by its declared name and spelling, compared value by value on resume, so
/// rewording a report never breaks resuming; one that joins later is null at its old default, so older checkpoints resume.
/// </summary>
internal sealed class SearchCheckpointKey(JsonObject json)
{
    public static SearchCheckpointKey Of(SearchSpace space, SearchOptions options, long trainingTokens) => new(new JsonObject(
    [
        new("space", ParPrinter.Print(space.ToSupernetModel())),
        new("training-tokens", trainingTokens),
        .. SearchSettings.Steering.Select(setting => new KeyValuePair<string, JsonNode?>(setting.Name, setting.KeyValue(options))),
    ]));

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
