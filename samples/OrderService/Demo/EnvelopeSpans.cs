using System.Text.Json;

namespace OrderService.Demo;

/// <summary>One span as it reached the envelope directory: a transaction's own span or one of its <c>spans[]</c>.</summary>
internal sealed record ExportedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Op,
    string Description,
    double Start,
    double End,
    string? OrderId,
    bool IsTransaction,
    string? Promotion,
    bool ParentAlreadySent,
    bool Orphan)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(End - Start);
}

/// <summary>Reads the envelope files the ActivityFlow exporter wrote (docs/runtime.md): header line, item header line, payload.</summary>
internal static class EnvelopeSpans
{
    public static List<ExportedSpan> Read(string directory)
    {
        var spans = new List<ExportedSpan>();
        foreach (var file in Directory.GetFiles(directory, "*.envelope").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 1; i + 1 < lines.Length; i += 2)
            {
                using var itemHeader = JsonDocument.Parse(lines[i]);
                if (itemHeader.RootElement.GetProperty("type").GetString() != "transaction")
                {
                    continue;
                }

                using var payload = JsonDocument.Parse(lines[i + 1]);
                AddTransaction(payload.RootElement, spans);
            }
        }

        return spans;
    }

    private static void AddTransaction(JsonElement transaction, List<ExportedSpan> spans)
    {
        var trace = transaction.GetProperty("contexts").GetProperty("trace");
        var data = trace.TryGetProperty("data", out var d) ? d : default;
        var traceId = trace.GetProperty("trace_id").GetString()!;
        spans.Add(new ExportedSpan(
            traceId,
            trace.GetProperty("span_id").GetString()!,
            Text(trace, "parent_span_id"),
            Text(trace, "op") ?? "",
            Text(trace, "description") ?? "",
            transaction.GetProperty("start_timestamp").GetDouble(),
            transaction.GetProperty("timestamp").GetDouble(),
            Text(data, "order.id"),
            IsTransaction: true,
            Promotion: Text(data, "activityflow.promotion"),
            ParentAlreadySent: Flag(data, "sentry.parent_span_already_sent"),
            Orphan: Flag(data, "activityflow.orphan")));

        if (!transaction.TryGetProperty("spans", out var children))
        {
            return;
        }

        foreach (var span in children.EnumerateArray())
        {
            spans.Add(new ExportedSpan(
                traceId,
                span.GetProperty("span_id").GetString()!,
                Text(span, "parent_span_id"),
                Text(span, "op") ?? "",
                Text(span, "description") ?? "",
                span.GetProperty("start_timestamp").GetDouble(),
                span.GetProperty("timestamp").GetDouble(),
                span.TryGetProperty("data", out var spanData) ? Text(spanData, "order.id") : null,
                IsTransaction: false,
                Promotion: null,
                ParentAlreadySent: false,
                Orphan: false));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
