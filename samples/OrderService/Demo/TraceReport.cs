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

        // Request traces (and any other trace of several spans) as trees; single spans that lost their order's
        // request grouped by order; other single-span traces (their own traces by design) counted by name.
        var traces = exported.GroupBy(s => s.TraceId).OrderBy(t => t.Min(s => s.Start)).ToList();
        foreach (var trace in traces.Where(t => t.Count() > 1 || t.Any(s => s.Op == "http.server")))
        {
            var byId = trace.ToDictionary(s => s.SpanId);
            var children = trace.Where(s => s.ParentSpanId is not null && byId.ContainsKey(s.ParentSpanId))
                .ToLookup(s => s.ParentSpanId!);
            Console.WriteLine($"  trace {trace.Key[..8]}");
            foreach (var root in trace.Where(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)).OrderBy(s => s.Start))
            {
                Write(root, children, "    ", "", LostItsTrace);
            }
        }

        var singles = traces.Where(t => t.Count() == 1 && t.Single().Op != "http.server").Select(t => t.Single()).ToList();
        foreach (var order in singles.Where(LostItsTrace).GroupBy(s => s.OrderId))
        {
            Console.WriteLine($"  new roots of order {order.Key} (a trace each): {string.Join(", ", order.Select(Name))}");
        }

        var others = singles.Where(s => !LostItsTrace(s)).GroupBy(Name).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}").ToList();
        if (others.Count > 0)
        {
            Console.WriteLine($"  traces of their own: {string.Join(", ", others)}");
        }

        var exportedIds = exported.Select(s => s.SpanId).ToHashSet();
        var lostByActivityFlow = recorded.Count(a => !exportedIds.Contains(a.SpanId.ToHexString()));
        // A transaction exporter without promotion drops what ended after its transaction was sent, with its subtree.
        var lostByNaiveGrouping = CountPromotedSubtrees(exported);
        var newRoots = exported.Count(LostItsTrace);

        Console.WriteLine();
        Console.WriteLine($"  spans the service recorded (seen by an ActivityListener): {recorded.Count}; found in the envelope files: {exported.Count}");
        Console.WriteLine($"  naive transaction grouping would have lost {lostByNaiveGrouping} span(s) (ended after their transaction was sent); ActivityFlow lost {lostByActivityFlow}");
        Console.WriteLine($"  new roots: {newRoots} span(s) of an order started a trace of their own instead of joining the order's request");
    }

    private static void Write(ExportedSpan span, ILookup<string, ExportedSpan> children, string indent, string branch, Func<ExportedSpan, bool> lostItsTrace)
    {
        var name = Name(span);
        var order = span.OrderId is not null && (span.ParentSpanId is null || span.Op == "http.server") ? $"  order {span.OrderId}" : "";
        Console.WriteLine($"{indent}{branch}{name}  {span.Duration.TotalMilliseconds:0} ms{order}{Markers(span, lostItsTrace(span))}");

        var below = children[span.SpanId].OrderBy(s => s.Start).ToList();
        var childIndent = indent + (branch.Length == 0 ? "" : branch == "└─ " ? "   " : "│  ");
        for (var i = 0; i < below.Count; i++)
        {
            Write(below[i], children, childIndent, i == below.Count - 1 ? "└─ " : "├─ ", lostItsTrace);
        }
    }

    private static string Name(ExportedSpan span) =>
        span.Op == span.Description || span.Op.Length == 0 ? span.Description : $"{span.Description} ({span.Op})";

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
