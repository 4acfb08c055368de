using System.Collections.Generic;
using System.Diagnostics;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// Reads what any exporter of these spans must read, and nothing more: each activity's ids, times, kind, status and
/// name, and every tag's key and value (string values character by character, as serialising them does). The workload
/// cycles through 65,536 activities (tens of megabytes), so most of these reads miss the CPU caches: this is the
/// floor that no serialiser of the same spans goes below.
/// </summary>
internal static class MemoryFloor
{
    public static long Read(Activity[] batch)
    {
        long sum = 0;
        foreach (Activity a in batch)
        {
            if (!a.Recorded)
            {
                continue;
            }

            sum += Chars(a.SpanId.ToHexString()) + Chars(a.ParentSpanId.ToHexString()) + Chars(a.TraceId.ToHexString());
            sum += a.StartTimeUtc.Ticks + a.Duration.Ticks + (int)a.Kind + (int)a.Status + (a.HasRemoteParent ? 1 : 0);
            sum += Chars(a.DisplayName) + Chars(a.OperationName);
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                sum += Chars(tag.Key);
                sum += tag.Value is string s ? Chars(s) : tag.Value?.GetHashCode() ?? 0;
            }
        }

        return sum;
    }

    private static long Chars(string? s)
    {
        long sum = 0;
        if (s is not null)
        {
            foreach (char c in s)
            {
                sum += c;
            }
        }

        return sum;
    }
}
