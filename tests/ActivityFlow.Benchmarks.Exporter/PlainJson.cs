using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>The same spans as plain System.Text.Json would write them: one DTO per span, serialised in one call.</summary>
internal static class PlainJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record SpanDto(
        string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Status,
        DateTime StartTimestamp, DateTime Timestamp, Dictionary<string, object?> Data);

    /// <summary>Returns the number of bytes written.</summary>
    public static long Serialize(Activity[] batch)
    {
        var spans = new SpanDto[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            Activity a = batch[i];
            var data = new Dictionary<string, object?>(8);
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                data[tag.Key] = tag.Value;
            }

            spans[i] = new SpanDto(
                a.TraceId.ToHexString(), a.SpanId.ToHexString(), a.ParentSpanId == default ? null : a.ParentSpanId.ToHexString(),
                a.DisplayName, a.Kind.ToString(), a.Status.ToString(), a.StartTimeUtc, a.StartTimeUtc + a.Duration, data);
        }

        return JsonSerializer.SerializeToUtf8Bytes(spans, Options).LongLength;
    }
}
