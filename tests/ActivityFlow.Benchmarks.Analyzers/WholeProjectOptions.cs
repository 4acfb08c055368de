using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>Command line of the <c>real</c> mode; every option is optional.</summary>
internal sealed record WholeProjectOptions(string Cache, IReadOnlyList<string> Mirrors, int Repeats, string? Only, IReadOnlyList<string> Sets)
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/ActivityFlow.Benchmarks.Analyzers -- real [options]
          --cache DIR     checkouts and restores are kept here (default: $TMPDIR/activityflow-eval, as the evaluation's)
          --mirror DIR    a folder of bare git mirrors laid out owner+name/repo (repeatable; default: /work/.mirror when present)
          --repeats N     measured rounds after the warm-up round; medians are reported (default: 3)
          --only TEXT     only the projects whose repository or project path contains TEXT
          --set NAME      only this analyzer set beside the compiler and binding-only (repeatable; e.g. ActivityFlow, to profile it)
        """;

    public static WholeProjectOptions Parse(IReadOnlyList<string> args)
    {
        string? cache = null, only = null;
        var mirrors = new List<string>();
        var sets = new List<string>();
        int repeats = 3;
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--cache": cache = Value(); break;
                case "--mirror": mirrors.Add(Value()); break;
                case "--repeats": repeats = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--only": only = Value(); break;
                case "--set": sets.Add(Value()); break;
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }

        if (mirrors.Count == 0 && Directory.Exists("/work/.mirror"))
        {
            mirrors.Add("/work/.mirror");
        }

        if (repeats < 1)
        {
            throw new ArgumentException($"--repeats must be at least 1\n{Usage}");
        }

        return new WholeProjectOptions(Path.GetFullPath(cache ?? Path.Combine(Path.GetTempPath(), "activityflow-eval")), mirrors, repeats, only, sets);
    }
}
