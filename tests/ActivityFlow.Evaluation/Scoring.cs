using System;
using System.Collections.Generic;
using System.Linq;

namespace ActivityFlow.Evaluation;

/// <summary>Turns labels and reports into outcomes: every label once (a "noflag" label once per rule that reported it), every unlabelled report once.</summary>
internal static class Scoring
{
    /// <param name="scoredFiles">Files of the projects that compiled cleanly, by (entry key, path): whether the project is a test project.</param>
    public static List<Outcome> Score(IReadOnlyList<Label> labels, IReadOnlyList<Report> reports, IReadOnlyDictionary<(string Key, string Path), bool> scoredFiles)
    {
        var labelsByFile = labels.ToLookup(l => (l.Key, l.Path));
        var matched = new Dictionary<Label, List<Report>>();
        var outcomes = new List<Outcome>();
        foreach (var report in Distinct(reports))
        {
            var label = SiteMatching.Find(report, labelsByFile[(report.Key, report.Path)]);
            if (label is null)
            {
                outcomes.Add(new Outcome(Verdict.Unreviewed, report.Rule, null, report, report.InTestProject, "no label at this site"));
                continue;
            }

            if (!matched.TryGetValue(label, out var list))
            {
                matched[label] = list = new List<Report>();
            }

            list.Add(report);
        }

        foreach (var label in labels)
        {
            if (!scoredFiles.TryGetValue((label.Key, label.Path), out var inTest))
            {
                outcomes.Add(new Outcome(Verdict.NotScored, label.Rule, label, null, null, "file is in no project that compiled cleanly in this run"));
                continue;
            }

            var hits = matched.GetValueOrDefault(label) ?? new List<Report>();
            if (label.ExpectFlag)
            {
                outcomes.Add(hits.Count > 0
                    ? new Outcome(Verdict.TruePositive, label.Rule, label, hits[0], inTest, "")
                    : new Outcome(Verdict.FalseNegative, label.Rule, label, null, inTest, ""));
            }
            else if (hits.Count == 0)
            {
                outcomes.Add(new Outcome(Verdict.TrueNegative, label.Rule, label, null, inTest, ""));
            }
            else
            {
                outcomes.AddRange(hits.GroupBy(r => r.Rule).Select(g => new Outcome(Verdict.FalsePositive, g.Key, label, g.First(), inTest, "")));
            }
        }

        return outcomes;
    }

    /// <summary>The same rule at the same place (a project evaluated twice, a generated duplicate) counts once.</summary>
    private static IEnumerable<Report> Distinct(IEnumerable<Report> reports) =>
        reports.GroupBy(r => (r.Key, r.Path, r.StartLine, r.Rule)).Select(g => g.First());
}

/// <summary>Counts for one rule (or all rules) and one slice of the projects.</summary>
internal sealed record Score(string Rule, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives, int Unreviewed)
{
    public double? PrecisionLabelled => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Every report counts: an unreviewed report counts against precision until someone labels it.</summary>
    public double? PrecisionAllReports => Ratio(TruePositives, TruePositives + FalsePositives + Unreviewed);

    public double? Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public int Reports => TruePositives + FalsePositives + Unreviewed;

    public static Score Of(string rule, IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        int Count(Verdict v) => list.Count(o => o.Verdict == v);
        return new Score(rule, Count(Verdict.TruePositive), Count(Verdict.FalsePositive), Count(Verdict.FalseNegative), Count(Verdict.TrueNegative), Count(Verdict.Unreviewed));
    }

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;

    public static string Format(double? value) => value is null ? "-" : value.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
