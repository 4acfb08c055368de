using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>One envelope as Spotlight re-broadcast it on its `/stream` server-sent-events feed.</summary>
public sealed record SpotlightEnvelope(string ContentType, JsonElement Header, IReadOnlyList<SpotlightItem> Items)
{
    /// <summary>Parses the SSE `data` line: <c>[envelopeHeader, [[itemHeader, payload], …]]</c>.</summary>
    public static SpotlightEnvelope Parse(string contentType, string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        var items = root[1].EnumerateArray()
            .Select(pair => new SpotlightItem(
                pair[0].TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
                pair[0].Clone(),
                pair[1].Clone()))
            .ToArray();
        return new SpotlightEnvelope(contentType, root[0].Clone(), items);
    }
}

public sealed record SpotlightItem(string Type, JsonElement Header, JsonElement Payload);
