using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ActivityFlow.Evaluation;

/// <summary>Prints the scores and writes them as markdown and TSV for the docs to quote.</summary>
internal static class ResultWriter
{
    private static readonly string[] Rules =
        ["ACTX001", "ACTX002", "ACTX003", "ACTX004", "ACTX005", "ACTX006", "ACTX101", "ACTX102", "ACTX201", "ACTX202", "ACTX203", "ACTX301"];

    public static void WriteConsole(ResultSet results, TextWriter log)
    {
        log.WriteLine();
        log.Write(Summary(results));
        var unreviewed = results.Outcomes.Where(o => o.Verdict == Verdict.Unreviewed).ToList();
        log.WriteLine();
        log.WriteLine($"Reports outside the labelled sites, for review ({unreviewed.Count}):");
        foreach (var o in unreviewed)
        {
            var r = o.Report!;
            log.WriteLine($"  {r.Repository} {r.Commit[..12]} {r.Path}:{r.StartLine} {r.Rule}{(r.InTestProject ? " [test]" : "")} {r.Message}");
        }

        if (results.Failures.Count > 0)
        {
            log.WriteLine();
            log.WriteLine($"Failures ({results.Failures.Count}):");
            foreach (var failure in results.Failures)
            {
                log.WriteLine("  " + failure);
            }
        }
    }

    public static string Summary(ResultSet results)
    {
        var text = new StringBuilder();
        var scored = results.Outcomes.Where(o => o.Verdict != Verdict.NotScored).ToList();
        var notScored = results.Outcomes.Count(o => o.Verdict == Verdict.NotScored);
        var unreviewed = scored.Count(o => o.Verdict == Verdict.Unreviewed);
        text.AppendLine($"Projects: {results.Projects.Count(p => p.Scored)} scored, {results.Projects.Count(p => !p.Scored)} excluded; " +
                        $"{results.Projects.Where(p => p.Scored).Sum(p => p.Files)} source files; run took {results.Elapsed.TotalMinutes:0.0} min.");
        text.AppendLine($"Labels scored: {scored.Count(o => o.Label is not null)}; not scored (file not compiled cleanly): {notScored}; " +
                        $"reports outside the labelled sites (unreviewed, counted against precision): {unreviewed}.");
        text.AppendLine();
        AppendLabelCounts(text, scored);
        AppendTable(text, "All projects", scored);
        AppendTable(text, "Production projects", scored.Where(o => o.InTestProject == false));
        AppendTable(text, "Test projects", scored.Where(o => o.InTestProject == true));
        return text.ToString();
    }

    /// <summary>The labelled sites that were scored, by rule, expectation and kind of project (each label once).</summary>
    private static void AppendLabelCounts(StringBuilder text, IEnumerable<Outcome> scored)
    {
        var labels = scored.Where(o => o.Label is not null).GroupBy(o => o.Label!).Select(g => g.First()).ToList();
        text.AppendLine("**Labelled sites scored**");
        text.AppendLine();
        text.AppendLine("| rule | flag (production) | flag (test) | noflag (production) | noflag (test) |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        int Count(IEnumerable<Outcome> of, bool flag, bool test) => of.Count(o => o.Label!.ExpectFlag == flag && o.InTestProject == test);
        foreach (var group in labels.GroupBy(o => o.Label!.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"| {group.Key} | {Count(group, true, false)} | {Count(group, true, true)} | {Count(group, false, false)} | {Count(group, false, true)} |");
        }

        text.AppendLine($"| **all** | {Count(labels, true, false)} | {Count(labels, true, true)} | {Count(labels, false, false)} | {Count(labels, false, true)} |");
        text.AppendLine();
    }

    private static void AppendTable(StringBuilder text, string title, IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        text.AppendLine($"**{title}**");
        text.AppendLine();
        text.AppendLine("| rule | TP | FP | FN | TN | unreviewed | precision (labelled) | precision (every report) | recall |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rule in Rules.Concat(list.Select(o => o.Rule)).Distinct().Where(r => r != Label.NoRule))
        {
            var score = Score.Of(rule, list.Where(o => o.Rule == rule));
            if (score.Reports + score.FalseNegatives + score.TrueNegatives > 0)
            {
                text.AppendLine(Row(score));
            }
        }

        var none = list.Count(o => o.Rule == Label.NoRule && o.Verdict == Verdict.TrueNegative);
        if (none > 0)
        {
            text.AppendLine($"| none (no rule expected) | | | | {none} | | | | |");
        }

        text.AppendLine(Row(Score.Of("overall", list)).Replace("| overall |", "| **overall** |"));
        text.AppendLine();
    }

    private static string Row(Score s) =>
        $"| {s.Rule} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.TrueNegatives} | {s.Unreviewed} | " +
        $"{Score.Format(s.PrecisionLabelled)} | {Score.Format(s.PrecisionAllReports)} | {Score.Format(s.Recall)} |";

    public static void WriteFiles(ResultSet results, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.md"), Markdown(results));
        File.WriteAllLines(Path.Combine(directory, "outcomes.tsv"),
            new[] { "verdict\trule\trepo\tcommit\tpath\tline\tscope\texpect\treason\treported_line\tmessage" }
                .Concat(results.Outcomes.Select(OutcomeLine)));
        File.WriteAllLines(Path.Combine(directory, "projects.tsv"),
            new[] { "repo\tcommit\tproject\ttfm\ttest\tfiles\tgenerated\tcompile_errors\treports\tseconds\tnote" }
                .Concat(results.Projects.Select(p =>
                    $"{p.Entry.Repository}\t{p.Entry.Commit}\t{p.Project}\t{p.TargetFramework}\t{p.IsTest}\t{p.Files}\t{p.Generated}\t{p.CompileErrors}\t{p.Reports}\t{p.Elapsed.TotalSeconds:0.0}\t{p.Note}")));
    }

    private static string OutcomeLine(Outcome o)
    {
        var scope = o.InTestProject switch { true => "test", false => "prod", null => "-" };
        var l = o.Label;
        var r = o.Report;
        return string.Join('\t', o.Verdict, o.Rule, l?.Repository ?? r!.Repository, l?.Commit ?? r!.Commit, l?.Path ?? r!.Path, l?.Line ?? r!.StartLine,
            scope, l is null ? "-" : l.ExpectFlag ? "flag" : "noflag", l?.Reason ?? o.Note, r?.StartLine.ToString() ?? "", r?.Message ?? "");
    }

    private static string Markdown(ResultSet results)
    {
        var text = new StringBuilder();
        text.AppendLine("# Evaluation results");
        text.AppendLine();
        text.AppendLine($"Analyzer assemblies: {string.Join(", ", results.Analyzers.Select(Path.GetFileName))}.");
        text.AppendLine();
        text.Append(Summary(results));
        text.AppendLine("## Projects");
        text.AppendLine();
        text.AppendLine("| repository | commit | project | framework | test | files (+generated) | compile errors | reports | note |");
        text.AppendLine("|---|---|---|---|---|---:|---:|---:|---|");
        foreach (var p in results.Projects)
        {
            text.AppendLine($"| {p.Entry.Repository} | {p.Entry.Commit[..12]} | {p.Project} | {p.TargetFramework} | {(p.IsTest ? "yes" : "")} | {p.Files} (+{p.Generated}) | {(p.CompileErrors < 0 ? "-" : p.CompileErrors)} | {p.Reports} | {p.Note} |");
        }

        AppendList(text, "Reports outside the labelled sites (unreviewed)", results.Outcomes.Where(o => o.Verdict == Verdict.Unreviewed));
        AppendList(text, "False positives", results.Outcomes.Where(o => o.Verdict == Verdict.FalsePositive));
        AppendList(text, "Missed (false negatives)", results.Outcomes.Where(o => o.Verdict == Verdict.FalseNegative));
        if (results.Failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Failures");
            text.AppendLine();
            foreach (var failure in results.Failures)
            {
                text.AppendLine("- " + failure);
            }
        }

        return text.ToString();
    }

    private static void AppendList(StringBuilder text, string title, IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        text.AppendLine();
        text.AppendLine($"## {title} ({list.Count})");
        text.AppendLine();
        foreach (var o in list)
        {
            var where = o.Label is { } l ? $"{l.Repository} {l.Commit[..12]} {l.Path}:{l.Line}" : $"{o.Report!.Repository} {o.Report.Commit[..12]} {o.Report.Path}:{o.Report.StartLine}";
            var scope = o.InTestProject == true ? " (test)" : "";
            var why = o.Label?.Reason ?? o.Report!.Message;
            text.AppendLine($"- {o.Rule} {where}{scope}: {why}");
        }
    }
}
