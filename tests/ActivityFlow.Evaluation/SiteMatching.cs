using System;
using System.Collections.Generic;
using System.Linq;

namespace ActivityFlow.Evaluation;

/// <summary>
/// Which label a report belongs to. A report matches a label when both are in the same file at the same commit, the
/// rule is the label's (any rule for a "none" label), and the report's span starts within ±<see cref="Tolerance"/>
/// lines of the labelled line or covers it. A report goes to its nearest matching label (by start line; a start
/// within the tolerance beats a span that merely covers the line).
/// </summary>
internal static class SiteMatching
{
    public const int Tolerance = 2;

    public static Label? Find(Report report, IEnumerable<Label> labelsOfFile) =>
        labelsOfFile
            .Where(l => l.Rule == Label.NoRule || string.Equals(l.Rule, report.Rule, StringComparison.OrdinalIgnoreCase))
            .Select(l => (Label: l, Distance: Distance(report, l.Line)))
            .Where(c => c.Distance < int.MaxValue)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Label.Rule == Label.NoRule ? 1 : 0)
            .Select(c => c.Label)
            .FirstOrDefault();

    private static int Distance(Report report, int line)
    {
        var fromStart = Math.Abs(report.StartLine - line);
        if (fromStart <= Tolerance)
        {
            return fromStart;
        }

        return report.StartLine <= line && line <= report.EndLine ? Tolerance + 1 + (line - report.StartLine) : int.MaxValue;
    }
}
