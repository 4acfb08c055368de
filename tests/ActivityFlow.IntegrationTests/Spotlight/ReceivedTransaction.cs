using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>The fields of a Sentry transaction payload these tests look at.</summary>
public sealed record ReceivedTransaction(
    string Name,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string? Op,
    string? Status,
    JsonElement TraceData,
    IReadOnlyList<ReceivedSpan> Spans)
{
    public static ReceivedTransaction FromPayload(JsonElement payload)
    {
        var trace = payload.GetProperty("contexts").GetProperty("trace");
        var spans = payload.TryGetProperty("spans", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ReceivedSpan.FromJson).ToArray()
            : [];
        return new ReceivedTransaction(
            OptionalString(payload, "transaction") ?? "",
            trace.GetProperty("trace_id").GetString() ?? "",
            trace.GetProperty("span_id").GetString() ?? "",
            OptionalString(trace, "parent_span_id"),
            OptionalString(trace, "op"),
            OptionalString(trace, "status"),
            trace.TryGetProperty("data", out var data) ? data.Clone() : default,
            spans);
    }

    /// <summary>True when <c>contexts.trace.data[key]</c> is the JSON value <c>true</c>.</summary>
    public bool HasTrueFlag(string key) =>
        TraceData.ValueKind == JsonValueKind.Object
        && TraceData.TryGetProperty(key, out var value)
        && value.ValueKind == JsonValueKind.True;

    /// <summary><c>contexts.trace.data[key]</c> as a string, or null.</summary>
    public string? DataString(string key) =>
        TraceData.ValueKind == JsonValueKind.Object && TraceData.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    internal static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record ReceivedSpan(string SpanId, string? ParentSpanId, string TraceId, string? Op, string? Description)
{
    public static ReceivedSpan FromJson(JsonElement span) => new(
        span.GetProperty("span_id").GetString() ?? "",
        ReceivedTransaction.OptionalString(span, "parent_span_id"),
        ReceivedTransaction.OptionalString(span, "trace_id") ?? "",
        ReceivedTransaction.OptionalString(span, "op"),
        ReceivedTransaction.OptionalString(span, "description"));
}
