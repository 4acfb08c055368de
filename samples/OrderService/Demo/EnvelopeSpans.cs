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

/// <summary>An error event Sentry captured, with the trace context it carries.</summary>
internal sealed record CapturedError(string TraceId, string SpanId, string Message);

/// <summary>What reached the envelope files: ActivityFlow's transactions and Sentry's error events.</summary>
internal sealed record EnvelopeContents(List<ExportedSpan> Spans, List<CapturedError> Errors);

/// <summary>Reads the envelope files the Sentry SDK wrote (header line, then per item a header line and its payload).</summary>
internal static class EnvelopeSpans
{
    public static EnvelopeContents Read(string directory)
    {
        var contents = new EnvelopeContents([], []);
        foreach (var file in Directory.GetFiles(directory, "*.envelope").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 1; i + 1 < lines.Length; i += 2)
            {
                using var itemHeader = JsonDocument.Parse(lines[i]);
                using var payload = JsonDocument.Parse(lines[i + 1]);
                switch (itemHeader.RootElement.GetProperty("type").GetString())
                {
                    case "transaction":
                        AddTransaction(payload.RootElement, contents.Spans);
                        break;
                    case "event":
                        contents.Errors.Add(Error(payload.RootElement));
                        break;
                }
            }
        }

        return contents;
    }

    private static CapturedError Error(JsonElement e)
    {
        var trace = e.GetProperty("contexts").GetProperty("trace");
        var message = e.TryGetProperty("exception", out var exception)
            ? exception.GetProperty("values")[0].GetProperty("value").GetString()
            : null;
        return new CapturedError(Text(trace, "trace_id") ?? "", Text(trace, "span_id") ?? "", message ?? "(no message)");
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
