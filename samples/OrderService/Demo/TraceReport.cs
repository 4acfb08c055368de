using System.Diagnostics;

namespace OrderService.Demo;

/// <summary>Prints the trace trees found in the envelope directory and compares them with the recorded ground truth.</summary>
internal static class TraceReport
{
    public static void Print(EnvelopeContents contents, IReadOnlyCollection<Activity> recorded)
    {
        var exported = contents.Spans;
        var errorsBySpan = contents.Errors.ToLookup(e => e.SpanId);
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
                Write(root, children, "    ", "", LostItsTrace, errorsBySpan);
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
        var lost = recorded.Where(a => !exportedIds.Contains(a.SpanId.ToHexString())).ToList();
        var lostByActivityFlow = lost.Count;
        // A transaction exporter without promotion drops what ended after its transaction was sent, with its subtree.
        var lostByNaiveGrouping = CountPromotedSubtrees(exported);
        var newRoots = exported.Count(LostItsTrace);

        // One transaction per request: the http.server transactions of the orders' requests, per request trace.
        var requestTransactions = exported.Where(s => s.IsTransaction && s.Op == "http.server" && s.OrderId is not null).ToList();
        var spanIds = exported.ToDictionary(s => s.SpanId, s => s);
        Console.WriteLine();
        Console.WriteLine($"  order requests: {requestTrace.Count}; their http.server transactions: {requestTransactions.Count} ({requestTransactions.GroupBy(s => s.TraceId).Max(g => g.Count())} per request at most)");
        foreach (var error in contents.Errors)
        {
            var linked = spanIds.TryGetValue(error.SpanId, out var span) && span.TraceId == error.TraceId
                ? $"linked to {Name(span)}{(span.OrderId is null ? "" : " of order " + span.OrderId)} (trace {error.TraceId[..8]})"
                : $"not linked to any exported span (trace {error.TraceId[..8]})";
            Console.WriteLine($"  error captured by Sentry: \"{error.Message}\": {linked}");
        }

        Console.WriteLine($"  spans the service recorded (seen by an ActivityListener): {recorded.Count}; found in the envelope files: {exported.Count}");
        Console.WriteLine($"  naive transaction grouping would have lost {lostByNaiveGrouping} span(s) (ended after their transaction was sent); ActivityFlow lost {lostByActivityFlow}");
        foreach (var span in lost)
        {
            Console.WriteLine($"    not found: {span.DisplayName} (span {span.SpanId.ToHexString()}, trace {span.TraceId.ToHexString()[..8]})");
        }

        Console.WriteLine($"  new roots: {newRoots} span(s) of an order started a trace of their own instead of joining the order's request");
    }

    private static void Write(ExportedSpan span, ILookup<string, ExportedSpan> children, string indent, string branch, Func<ExportedSpan, bool> lostItsTrace, ILookup<string, CapturedError> errors)
    {
        var name = Name(span);
        var order = span.OrderId is not null && (span.ParentSpanId is null || span.Op == "http.server") ? $"  order {span.OrderId}" : "";
        var error = string.Concat(errors[span.SpanId].Where(e => e.TraceId == span.TraceId).Select(e => $"  [error linked: {e.Message}]"));
        Console.WriteLine($"{indent}{branch}{name}  {span.Duration.TotalMilliseconds:0} ms{order}{Markers(span, lostItsTrace(span))}{error}");

        var below = children[span.SpanId].OrderBy(s => s.Start).ToList();
        var childIndent = indent + (branch.Length == 0 ? "" : branch == "└─ " ? "   " : "│  ");
        for (var i = 0; i < below.Count; i++)
        {
            Write(below[i], children, childIndent, i == below.Count - 1 ? "└─ " : "├─ ", lostItsTrace, errors);
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

        return span.IsTransaction && span.ParentSpanId is not null ? "  [own transaction: its parent came in the headers]" : "";
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
