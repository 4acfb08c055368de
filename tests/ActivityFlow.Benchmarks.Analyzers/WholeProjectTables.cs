using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// The real-projects figures as Markdown: each contender's CPU time; each analyzer set's own cost two ways (process CPU
/// minus the binding-only analyzer's, and the time inside its callbacks by Roslyn's telemetry), as a share of the
/// compiler's CPU; and ActivityFlow's ratio to each peer. With more than one project a total row sums the medians.
/// </summary>
internal static class WholeProjectTables
{
    public const string BindingOnly = "binding-only";
    public const string ActivityFlow = "ActivityFlow";

    private static readonly string[] AllSets = [ActivityFlow, AnalyzerSets.AsyncFixer, AnalyzerSets.VsThreading, AnalyzerSets.Meziantou];

    public static string Render(IReadOnlyList<WholeProjectResult> results)
    {
        if (results.Count == 0)
        {
            return "no project measured";
        }

        var rows = results.Select(r => (Name: $"{r.Project.Name} `{r.Project.Commit[..7]}`", Size: $"{r.Files:N0} (+{r.Generated}), {r.Lines:N0}", Get: (Func<string, ContenderResult>)(n => r[n]))).ToList();
        if (results.Count > 1)
        {
            rows.Add(("**total**", $"{results.Sum(r => r.Files):N0} (+{results.Sum(r => r.Generated)}), {results.Sum(r => r.Lines):N0}", Sum(results)));
        }

        // Only the sets that were run (--set narrows them).
        var sets = AllSets.Where(s => results[0].Results.Any(r => r.Contender.Name == s)).ToArray();
        var text = new StringBuilder();
        text.AppendLine("Whole runs, median process CPU ms (wall ms):");
        text.AppendLine();
        text.AppendLine($"| project | files (+generated), lines | GetDiagnostics | binding-only | {string.Join(" | ", sets)} |");
        text.AppendLine("|---|---:|---:|---:|" + string.Concat(sets.Select(_ => "---:|")));
        foreach (var (name, size, get) in rows)
        {
            var cells = new[] { Contender.Compiler.Name, BindingOnly }.Concat(sets).Select(s => $"{get(s).CpuMs:N0} ({get(s).WallMs:N0})");
            text.AppendLine($"| {name} | {size} | {string.Join(" | ", cells)} |");
        }

        AppendOwnCost(text, rows, sets, "Own cost by CPU: the set's CPU minus the binding-only analyzer's, ms (share of GetDiagnostics CPU)",
            (get, set) => get(set).CpuMs - get(BindingOnly).CpuMs, compiler => compiler.CpuMs);
        // Telemetry is wall time inside callbacks: set beside the compiler's wall time, which machine load stretches alike.
        AppendOwnCost(text, rows, sets, "Own cost by Roslyn telemetry: wall time inside the set's callbacks, ms (share of GetDiagnostics wall time)",
            (get, set) => get(set).CallbacksMs, compiler => compiler.WallMs);

        text.AppendLine();
        foreach (var result in sets.Contains(ActivityFlow) ? results : [])
        {
            var top = result[ActivityFlow].ByAnalyzer.OrderByDescending(p => p.Value).Take(4).Select(p => $"{p.Key} {p.Value:N0}");
            text.AppendLine($"{result.Project.Name}: ActivityFlow {result[ActivityFlow].Diagnostics} diagnostics; most time in callbacks (last round, ms): {string.Join(", ", top)}; " +
                            $"binding-only callbacks {result[BindingOnly].CallbacksMs:N0} ms; compile errors {result[Contender.Compiler.Name].CompileErrors}" +
                            string.Concat(result.Results.Where(r => r.AnalyzerFailures.Count > 0).Select(r => $"; {r.Contender.Name} AD0001: {r.AnalyzerFailures[0]}")));
        }

        return text.ToString();
    }

    private static void AppendOwnCost(
        StringBuilder text,
        List<(string Name, string Size, Func<string, ContenderResult> Get)> rows,
        string[] sets,
        string title,
        Func<Func<string, ContenderResult>, string, double> own,
        Func<ContenderResult, double> compileTime)
    {
        text.AppendLine();
        text.AppendLine(title + ", and ActivityFlow's ratio to each peer:");
        text.AppendLine();
        var peers = sets.Where(s => s != ActivityFlow).ToArray();
        var comparesActivityFlow = sets.Contains(ActivityFlow);
        var ratioHeads = comparesActivityFlow ? peers.Select((p, i) => i == 0 ? $"ActivityFlow ÷ {p}" : $"÷ {p}") : [];
        text.AppendLine($"| project | {string.Join(" | ", sets.Concat(ratioHeads))} |");
        text.AppendLine("|---|" + string.Concat(sets.Concat(ratioHeads).Select(_ => "---:|")));
        foreach (var (name, _, get) in rows)
        {
            double compile = compileTime(get(Contender.Compiler.Name));
            var cells = sets.Select(s => $"{own(get, s):N0} ({own(get, s) / compile:P1})");
            var ratios = comparesActivityFlow ? peers.Select(p => Ratio(own(get, ActivityFlow), own(get, p))) : [];
            text.AppendLine($"| {name} | {string.Join(" | ", cells.Concat(ratios))} |");
        }
    }

    private static string Ratio(double ours, double theirs) =>
        theirs <= 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{ours / theirs:F2}×");

    /// <summary>A contender's medians summed over the projects (per-analyzer telemetry is not summed).</summary>
    private static Func<string, ContenderResult> Sum(IReadOnlyList<WholeProjectResult> results) => name =>
    {
        var parts = results.Select(r => r[name]).ToList();
        return parts[0] with
        {
            CpuMs = parts.Sum(p => p.CpuMs),
            WallMs = parts.Sum(p => p.WallMs),
            CallbacksMs = parts.Sum(p => p.CallbacksMs),
            Diagnostics = parts.Sum(p => p.Diagnostics),
        };
    };
}
