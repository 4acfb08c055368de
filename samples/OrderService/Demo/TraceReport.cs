using System.Diagnostics;

namespace OrderService.Demo;

/// <summary>Prints the trace trees found in the envelope directory and compares them with the recorded ground truth.</summary>
internal static class TraceReport
{
    public static void Print(IReadOnlyList<ExportedSpan> exported, IReadOnlyCollection<Activity> recorded)
    {
        // The trace each order's request started: spans of that order found anywhere else lost it.
        var requestTrace = exported.Where(s => s.Op == "http.server" && s.OrderId is not null)
            .GroupBy(s => s.OrderId!)
            .ToDictionary(g => g.Key, g => g.First().TraceId);
        bool LostItsTrace(ExportedSpan s) =>
            s.ParentSpanId is null && s.Op != "http.server" && s.OrderId is not null &&
            requestTrace.TryGetValue(s.OrderId, out var expected) && expected != s.TraceId;

        // Request traces first, then the traces that something else started; single-span traces on one line.
        var traces = exported.GroupBy(s => s.TraceId)
            .OrderBy(t => t.Any(s => s.Op == "http.server") ? 0 : 1)
            .ThenBy(t => t.Min(s => s.Start));
        foreach (var trace in traces)
        {
            var byId = trace.ToDictionary(s => s.SpanId);
            var children = trace.Where(s => s.ParentSpanId is not null && byId.ContainsKey(s.ParentSpanId))
                .ToLookup(s => s.ParentSpanId!);
            var roots = trace.Where(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)).OrderBy(s => s.Start).ToList();
            var single = byId.Count == 1;
            Console.Write($"  trace {trace.Key[..8]}{(single ? "  " : Environment.NewLine)}");
            foreach (var root in roots)
            {
                Write(root, children, single ? "" : "    ", "", LostItsTrace);
            }
        }

        var exportedIds = exported.Select(s => s.SpanId).ToHashSet();
        var lostByActivityFlow = recorded.Count(a => !exportedIds.Contains(a.SpanId.ToHexString()));
        // A transaction exporter without promotion drops what ended after its transaction was sent, with its subtree.
        var lostByNaiveGrouping = CountPromotedSubtrees(exported);
        var newRoots = exported.Count(LostItsTrace);

        Console.WriteLine();
        Console.WriteLine($"  spans recorded: {recorded.Count}, in the envelope directory: {exported.Count}");
        Console.WriteLine($"  naive transaction grouping would have lost {lostByNaiveGrouping} span(s) (ended after their transaction was sent); ActivityFlow lost {lostByActivityFlow}");
        Console.WriteLine($"  new roots: {newRoots} span(s) of an order started a trace of their own instead of joining the order's request");
    }

    private static void Write(ExportedSpan span, ILookup<string, ExportedSpan> children, string indent, string branch, Func<ExportedSpan, bool> lostItsTrace)
    {
        var name = span.Op == span.Description || span.Op.Length == 0 ? span.Description : $"{span.Description} ({span.Op})";
        var order = span.OrderId is not null && (span.ParentSpanId is null || span.Op == "http.server") ? $"  order {span.OrderId}" : "";
        Console.WriteLine($"{indent}{branch}{name}  {span.Duration.TotalMilliseconds:0} ms{order}{Markers(span, lostItsTrace(span))}");

        var below = children[span.SpanId].OrderBy(s => s.Start).ToList();
        var childIndent = indent + (branch.Length == 0 ? "" : branch == "└─ " ? "   " : "│  ");
        for (var i = 0; i < below.Count; i++)
        {
            Write(below[i], children, childIndent, i == below.Count - 1 ? "└─ " : "├─ ", lostItsTrace);
        }
    }

    private static string Markers(ExportedSpan span, bool lostItsTrace)
    {
        if (span.ParentAlreadySent)
        {
            return "  [promoted: parent already sent]";
        }

        if (span.Orphan)
        {
            return $"  [orphan: parent never arrived, promoted at {span.Promotion}]";
        }

        if (lostItsTrace)
        {
            return "  [new root: lost its request's trace]";
        }

        return span.IsTransaction && span.ParentSpanId is not null ? "  [own transaction: parent from the message headers]" : "";
    }

    private static int CountPromotedSubtrees(IReadOnlyList<ExportedSpan> exported)
    {
        var promoted = exported.Where(s => s.ParentAlreadySent || s.Orphan).Select(s => s.SpanId).ToHashSet();
        var parentOf = exported.Where(s => s.ParentSpanId is not null).ToDictionary(s => s.SpanId, s => s.ParentSpanId!);
        return exported.Count(s =>
        {
            for (var id = s.SpanId; id is not null; id = parentOf.GetValueOrDefault(id))
            {
                if (promoted.Contains(id))
                {
                    return true;
                }
            }

            return false;
        });
    }
}
