using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.RealProjects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// <c>real [--cache DIR] [--repeats N] [--only TEXT]</c>: whole real projects (<see cref="WholeProjectList"/>), each
/// loaded as its build sees it (restore, NuGet references, source generators, .editorconfig; newest target framework)
/// with the evaluation's loader, then the compiler, the binding-only analyzer, ActivityFlow and the three peer
/// packages timed on fresh compilations of the same parsed code (<see cref="InterleavedRounds"/>).
/// </summary>
internal static class WholeProjects
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        WholeProjectOptions options;
        try
        {
            options = WholeProjectOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var contenders = new List<Contender>
        {
            Contender.Compiler,
            new(WholeProjectTables.BindingOnly, AnalyzerSets.BindingOnly()),
            new(WholeProjectTables.ActivityFlow, AnalyzerSets.ActivityFlow()),
            new(AnalyzerSets.AsyncFixer, Peers.AsyncFixer.Value),
            new(AnalyzerSets.VsThreading, Peers.VsThreading.Value),
            new(AnalyzerSets.Meziantou, Peers.Meziantou.Value),
        };
        if (options.Sets.Count > 0)
        {
            var unknown = options.Sets.Where(s => !contenders.Any(c => string.Equals(c.Name, s, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown analyzer set {string.Join(", ", unknown)}; the sets are {string.Join(", ", contenders.Where(c => !c.IsCompiler && c.Name != WholeProjectTables.BindingOnly).Select(c => c.Name))}");
                return 2;
            }

            // The compiler and binding-only stay: every other figure is read against them.
            contenders = contenders.Where(c => c.IsCompiler || c.Name == WholeProjectTables.BindingOnly
                                               || options.Sets.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        MachineDescription.Print(Console.Out);
        Console.WriteLine($"analyzer sets: {string.Join(", ", contenders.Skip(1).Select(c => $"{c.Name} ({c.Analyzers.Length})"))}; {options.Repeats} rounds after a warm-up; cache {options.Cache}");
        LoadAverage.Print("at start");

        var sdk = CheckoutPreparation.InstalledSdkVersion();
        var measured = new List<WholeProjectResult>();
        foreach (var project in WholeProjectList.All.Where(p => options.Only is null
                     || p.Repository.Contains(options.Only, StringComparison.OrdinalIgnoreCase)
                     || p.ProjectPath.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
        {
            Console.WriteLine();
            Console.WriteLine($"== {project.Name} @ {project.Commit[..12]}: {project.Why}");
            var result = await MeasureAsync(project, options, sdk, contenders).ConfigureAwait(false);
            if (result is not null)
            {
                measured.Add(result);
                Console.WriteLine(WholeProjectTables.Render([result]));
            }
        }

        LoadAverage.Print("at end");
        Console.WriteLine();
        Console.WriteLine(WholeProjectTables.Render(measured));
        return measured.Count > 0 ? 0 : 1;
    }

    private static async Task<WholeProjectResult?> MeasureAsync(WholeProject project, WholeProjectOptions options, string sdk, IReadOnlyList<Contender> contenders)
    {
        var checkout = SourceCheckout.Ensure(project.Repository, project.Commit, options.Cache, options.Mirrors, Console.Out);
        CheckoutPreparation.Prepare(checkout, project.Repository, sdk, Console.Out);
        using var loader = new RealProjectLoader();
        var failures = new List<string>();
        var loaded = await loader.LoadAsync(checkout, [project.ProjectPath], failures, Console.Out, CancellationToken.None).ConfigureAwait(false);
        if (loaded.Count == 0)
        {
            Console.WriteLine($"  SKIPPED: {string.Join("; ", failures)}");
            return null;
        }

        var workspaceProject = loaded[0].Project;
        var compilation = await workspaceProject.GetCompilationAsync().ConfigureAwait(false)
                          ?? throw new InvalidOperationException($"{project.Name}: no compilation");
        // One thread, and every rule at its default severity: the project's own severity settings (NoWarn,
        // .editorconfig dotnet_diagnostic.*) would switch some peer rules off and make the sets incomparable.
        var defaults = ((CSharpCompilationOptions)compilation.Options)
            .WithConcurrentBuild(false)
            .WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty)
            .WithSyntaxTreeOptionsProvider(null);
        var baseline = compilation.WithOptions(defaults);
        int files = workspaceProject.Documents.Count();
        int generated = Math.Max(0, baseline.SyntaxTrees.Count() - files);
        int lines = baseline.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
        Console.WriteLine($"  {loaded[0].TargetFramework ?? "single target"}: {files} files (+{generated} generated), {lines:N0} lines, {baseline.References.Count()} references");

        LoadAverage.Print($"before {project.Name}");
        var results = InterleavedRounds.Measure(() => baseline.Clone(), workspaceProject.AnalyzerOptions, contenders, options.Repeats,
            line => Console.WriteLine("  " + line));
        LoadAverage.Print($"after {project.Name}");
        return new WholeProjectResult(project, loaded[0].TargetFramework, files, generated, lines, results);
    }
}
