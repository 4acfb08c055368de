using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ActivityFlow.Evaluation;

/// <summary>Command line: every option is optional.</summary>
internal sealed record EvaluationOptions(
    string Cache,
    IReadOnlyList<string> Mirrors,
    IReadOnlyList<string> Analyzers,
    string? Repository,
    string? Rule,
    string Output,
    string DataDirectory,
    bool Candidates)
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/ActivityFlow.Evaluation -- [options]
          --cache DIR       checkouts, restores and results are kept here between runs (default: $TMPDIR/activityflow-eval)
          --mirror DIR      a folder of bare git mirrors laid out owner+name/repo (repeatable; default: /work/.mirror when present)
          --analyzer DLL    the analyzer assembly to score (repeatable; default: this repository's build of ActivityFlow.Analyzers)
          --repo TEXT       only corpus entries whose repository contains TEXT
          --rule ID         only this rule's reports and labels
          --out DIR         where results.md and the TSV files go (default: CACHE/results)
          --data DIR        where corpus.tsv and labels.tsv are (default: the evaluation project's folder)
          --set NAME        score another labelled set: corpus.tsv and labels.tsv in the folder NAME beside the default
                            data (e.g. --set holdout); results go to CACHE/results-NAME unless --out is given
          --candidates      also list candidate sites (calls of the APIs the rules are about) in candidates.tsv
        """;

    public static EvaluationOptions Parse(string[] args)
    {
        string? cache = null, repository = null, rule = null, output = null, data = null, set = null;
        var mirrors = new List<string>();
        var analyzers = new List<string>();
        var candidates = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--cache": cache = Value(); break;
                case "--mirror": mirrors.Add(Value()); break;
                case "--analyzer": analyzers.Add(Value()); break;
                case "--repo": repository = Value(); break;
                case "--rule": rule = Value().ToUpperInvariant(); break;
                case "--out": output = Value(); break;
                case "--data": data = Value(); break;
                case "--set": set = Value(); break;
                case "--candidates": candidates = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }

        cache = Path.GetFullPath(cache ?? Path.Combine(Path.GetTempPath(), "activityflow-eval"));
        if (mirrors.Count == 0 && Directory.Exists("/work/.mirror"))
        {
            mirrors.Add("/work/.mirror");
        }

        if (analyzers.Count == 0)
        {
            analyzers.Add(Recorded("DefaultAnalyzer"));
        }

        if (set is not null && data is not null)
        {
            throw new ArgumentException($"--set and --data are alternatives: give one\n{Usage}");
        }

        data ??= set is null ? Recorded("DataDirectory") : Path.Combine(Recorded("DataDirectory"), set);
        output ??= Path.Combine(cache, set is null ? "results" : "results-" + set);
        return new EvaluationOptions(cache, mirrors, analyzers.Select(Path.GetFullPath).ToList(), repository, rule,
            Path.GetFullPath(output), Path.GetFullPath(data), candidates);
    }

    private static string Recorded(string key) =>
        typeof(EvaluationOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"no {key} recorded in this build");
}
