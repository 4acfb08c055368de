using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>The analyzer sets compared in one run: nothing, ActivityFlow, and the peer packages users already run.</summary>
internal static class AnalyzerSets
{
    public const string AsyncFixer = "AsyncFixer";
    public const string VsThreading = "Microsoft.VisualStudio.Threading.Analyzers";
    public const string Meziantou = "Meziantou.Analyzer";

    /// <summary>Every ActivityFlow analyzer, found the way a host finds them: by the [DiagnosticAnalyzer] attribute.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ActivityFlow() =>
        typeof(ActivityAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The diagnostic ids the ActivityFlow analyzers can report (the planted patterns depend on them).</summary>
    public static ImmutableHashSet<string> ActivityFlowIds() =>
        ActivityFlow().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();

    public static ImmutableArray<DiagnosticAnalyzer> Empty() => ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer(bindBodies: false));

    public static ImmutableArray<DiagnosticAnalyzer> BindingOnly() => ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer(bindBodies: true));

    /// <summary>A peer package's C# analyzers, loaded from its DLLs in the NuGet cache (paths recorded at build time).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Peer(string package)
    {
        var loader = new LoadFromLoader();
        return BuildPaths.All("Analyzer:" + package)
            .SelectMany(path =>
            {
                var reference = new AnalyzerFileReference(path, loader);
                var errors = new List<string>();
                reference.AnalyzerLoadFailed += (_, e) => errors.Add(e.Message);
                var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
                return errors.Count == 0
                    ? analyzers
                    : throw new InvalidOperationException($"{path} failed to load: {string.Join("; ", errors)}");
            })
            .ToImmutableArray();
    }

    /// <summary>Analyzer assemblies are loaded into the default context, like any other dependency of this program.</summary>
    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    /// <summary>
    /// The baselines. Empty: registers nothing, so the driver's own cost is all that is measured. Binding-only: one empty
    /// invocation callback, so the driver must bind every method body into operations, a cost paid once per build by the
    /// first operation-based analyzer and shared by all the others (the SDK's own CA rules included). An analyzer
    /// set's own work is its time minus the binding-only time.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BaselineAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Descriptor = new(
            "BASELINE", "Baseline", "Baseline", "Performance", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private readonly bool _bindBodies;

        public BaselineAnalyzer(bool bindBodies) => _bindBodies = bindBodies;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            if (_bindBodies)
            {
                context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            }
        }
    }
}
