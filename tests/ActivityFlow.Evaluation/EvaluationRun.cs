using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.RealProjects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Evaluation;

/// <summary>Checks out, restores, compiles and analyzes every corpus entry, then scores the reports against the labels.</summary>
internal static class EvaluationRun
{
    public static async Task RunAsync(EvaluationOptions options, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var fullCorpus = CorpusEntry.Read(Path.Combine(options.DataDirectory, "corpus.tsv"));
        var allLabels = Label.Read(Path.Combine(options.DataDirectory, "labels.tsv"));
        var knownKeys = fullCorpus.Select(e => e.Key).ToHashSet();
        foreach (var orphan in allLabels.Where(l => !knownKeys.Contains(l.Key)).Select(l => l.Key).Distinct())
        {
            log.WriteLine($"warning: labels for {orphan}, which is not in corpus.tsv (never scored)");
        }

        var corpus = fullCorpus
            .Where(e => options.Repository is null || e.Repository.Contains(options.Repository, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var keys = corpus.Select(e => e.Key).ToHashSet();
        var labels = allLabels
            .Where(l => keys.Contains(l.Key) && (options.Rule is null || l.Rule == options.Rule || l.Rule == Label.NoRule))
            .ToList();

        var analyzers = AnalyzerAssembly.Load(options.Analyzers);
        log.WriteLine($"analyzers: {string.Join(", ", options.Analyzers)} ({analyzers.Length} analyzers, rules {string.Join(' ', RuleIds(analyzers))})");
        var sdk = CheckoutPreparation.InstalledSdkVersion();
        log.WriteLine($"corpus: {corpus.Count} entries, {labels.Count} labels; SDK {sdk}; cache {options.Cache}");

        if (options.Candidates)
        {
            Directory.CreateDirectory(options.Output);
            File.Delete(Path.Combine(options.Output, "candidates.tsv"));
        }

        var reports = new List<Report>();
        var scoredFiles = new Dictionary<(string, string), bool>();
        var projects = new List<ProjectRow>();
        var failures = new List<string>();
        foreach (var entry in corpus)
        {
            log.WriteLine();
            log.WriteLine($"== {entry.Repository} @ {entry.Commit[..12]}");
            try
            {
                await EvaluateEntryAsync(entry, options, analyzers, sdk, reports, scoredFiles, projects, failures, log).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // One repository that cannot be evaluated must not stop the others: it is reported as a failure.
                failures.Add($"{entry.Repository}@{entry.Commit[..12]}: {e.GetType().Name}: {e.Message}");
                log.WriteLine($"  FAILED: {e.Message}");
            }
        }

        if (options.Rule is not null)
        {
            reports.RemoveAll(r => r.Rule != options.Rule && r.Rule != "AD0001");
        }

        var outcomes = Scoring.Score(labels, reports, scoredFiles);
        var results = new ResultSet(corpus, projects, outcomes, failures, options.Analyzers, total.Elapsed);
        ResultWriter.WriteConsole(results, log);
        ResultWriter.WriteFiles(results, options.Output);
        log.WriteLine($"results written to {options.Output}");
    }

    private static async Task EvaluateEntryAsync(
        CorpusEntry entry, EvaluationOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers, string sdk,
        List<Report> reports, Dictionary<(string, string), bool> scoredFiles, List<ProjectRow> projects, List<string> failures, TextWriter log)
    {
        var checkout = SourceCheckout.Ensure(entry.Repository, entry.Commit, options.Cache, options.Mirrors, log);
        CheckoutPreparation.Prepare(checkout, entry.Repository, sdk, log);
        using var loader = new RealProjectLoader();
        var loadFailures = new List<string>();
        var loaded = await loader.LoadAsync(checkout, entry.Projects, loadFailures, log, CancellationToken.None).ConfigureAwait(false);
        foreach (var failure in loadFailures)
        {
            failures.Add($"{entry.Repository}@{entry.Commit[..12]}: {failure}");
            projects.Add(new ProjectRow(entry, failure.Split(':')[0], null, false, 0, 0, -1, 0, TimeSpan.Zero, "not loaded: " + failure));
            log.WriteLine($"  EXCLUDED {failure}");
        }

        var candidates = new List<CandidateSite>();
        foreach (var project in loaded)
        {
            var result = await AnalyzerRun.RunAsync(project, analyzers, CancellationToken.None).ConfigureAwait(false);
            var errors = result.CompileErrors.Count;
            var projectReports = result.AnalyzerDiagnostics.Select(d => ToReport(entry, checkout, project, d)).ToList();
            var note = errors > 0 ? "excluded: compile errors (half-bound code is not scored)" : "";
            projects.Add(new ProjectRow(entry, project.RelativePath, project.TargetFramework, project.IsTestProject, result.SourceFiles,
                result.GeneratedFiles, errors, projectReports.Count, result.Elapsed, note));
            log.WriteLine($"  {project.RelativePath} [{project.TargetFramework ?? "single target"}{(project.IsTestProject ? ", test" : "")}]: " +
                          $"{result.SourceFiles} files (+{result.GeneratedFiles} generated), {errors} compile errors, {projectReports.Count} reports, {result.Elapsed.TotalSeconds:0.0} s");
            foreach (var failure in result.AnalyzerFailures)
            {
                failures.Add($"{entry.Repository}@{entry.Commit[..12]} {project.RelativePath}: analyzer failure: {failure}");
                log.WriteLine($"  ANALYZER FAILURE: {failure}");
            }

            if (errors > 0)
            {
                foreach (var error in result.CompileErrors.Take(5))
                {
                    log.WriteLine($"    {error}");
                }

                foreach (var problem in project.LoadProblems.Take(5))
                {
                    log.WriteLine($"    load: {problem}");
                }

                continue;
            }

            reports.AddRange(projectReports);
            foreach (var document in project.Project.Documents.Where(d => d.FilePath is not null))
            {
                scoredFiles.TryAdd((entry.Key, Relative(checkout, document.FilePath!)), project.IsTestProject);
            }

            if (options.Candidates)
            {
                candidates.AddRange(await CandidateFinder.FindAsync(entry, checkout, project).ConfigureAwait(false));
            }
        }

        if (options.Candidates)
        {
            CandidateFinder.Append(options.Output, entry, candidates);
        }
    }

    private static Report ToReport(CorpusEntry entry, string checkout, LoadedProject project, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var path = span.Path is { Length: > 0 } ? Relative(checkout, span.Path) : "(no file)";
        return new Report(entry.Repository, entry.Commit, path, span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1,
            diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), project.RelativePath, project.IsTestProject);
    }

    public static string Relative(string checkout, string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(checkout, path).Replace('\\', '/') : path.Replace('\\', '/');

    private static IEnumerable<string> RuleIds(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order();
}

/// <summary>One project's line in the results: what was compiled and whether it was scored.</summary>
internal sealed record ProjectRow(
    CorpusEntry Entry, string Project, string? TargetFramework, bool IsTest, int Files, int Generated, int CompileErrors, int Reports, TimeSpan Elapsed, string Note)
{
    public bool Scored => CompileErrors == 0;
}

internal sealed record ResultSet(
    IReadOnlyList<CorpusEntry> Corpus, IReadOnlyList<ProjectRow> Projects, IReadOnlyList<Outcome> Outcomes, IReadOnlyList<string> Failures,
    IReadOnlyList<string> Analyzers, TimeSpan Elapsed);
