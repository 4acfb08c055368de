using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Semantic models of the trees a rule reads beyond the one its callback was given (callers, callees, wrappers): one per
/// tree for the compilation's lifetime, so a body bound for one question is not bound again for the next, and without
/// nullable analysis, which none of the rules reads and which a model otherwise runs over every body it binds
/// (docs/benchmarks.md).
/// </summary>
internal static class SemanticModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> PerCompilation = new();

    // Set when the host's Roslyn lacks the (experimental) option: plain models from then on.
    private static int s_optionUnavailable;

    public static SemanticModel For(Compilation compilation, SyntaxTree tree) =>
        PerCompilation.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>()).GetOrAdd(tree, t => Create(compilation, t));

    private static SemanticModel Create(Compilation compilation, SyntaxTree tree)
    {
        if (Volatile.Read(ref s_optionUnavailable) == 0)
        {
            try
            {
                return WithoutNullableAnalysis(compilation, tree);
            }
            catch (Exception e) when (e is MissingMethodException or TypeLoadException)
            {
                Volatile.Write(ref s_optionUnavailable, 1);
            }
        }

#pragma warning disable RS1030 // Another tree than the callback's; the model is kept for the compilation's lifetime.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }

    // Its own method, so that a host without the option fails here (when this method is compiled), inside the try above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001, RS1030 // Experimental since Roslyn 4.9 (dotnet/roslyn#70609); the fallback above covers its removal.
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001, RS1030
    }
}
