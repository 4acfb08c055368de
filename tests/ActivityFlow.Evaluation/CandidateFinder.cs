using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ActivityFlow.RealProjects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActivityFlow.Evaluation;

/// <summary>A call of an API one of the rules is about: a place a labeller should look at, whatever the analyzers say.</summary>
internal sealed record CandidateSite(string Path, int Line, string Api, string RuleHint, bool InTestProject, string Code);

/// <summary>Finds candidate sites by symbol (not by text), so wrappers and aliases are seen as the compiler sees them.</summary>
internal static class CandidateFinder
{
    // Containing type (metadata name) and member name => the rule a labeller should consider first.
    private static readonly Dictionary<(string Type, string Member), string> Apis = new()
    {
        [("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem")] = "ACTX001",
        [("System.Threading.ThreadPool", "UnsafeRegisterWaitForSingleObject")] = "ACTX001",
        [("System.Threading.Thread", "UnsafeStart")] = "ACTX001",
        [("System.Threading.CancellationToken", "UnsafeRegister")] = "ACTX001",
        [("System.Threading.ExecutionContext", "SuppressFlow")] = "ACTX002",
        [("System.Threading.Tasks.Task", "Run")] = "ACTX004",
        [("System.Threading.Tasks.TaskFactory", "StartNew")] = "ACTX004",
        [("System.Threading.Tasks.TaskFactory`1", "StartNew")] = "ACTX004",
        [("System.Threading.ThreadPool", "QueueUserWorkItem")] = "ACTX004",
        [("System.Threading.Timer", ".ctor")] = "ACTX005",
        [("System.Timers.Timer", ".ctor")] = "ACTX005",
        [("System.Threading.Channels.ChannelWriter`1", "TryWrite")] = "ACTX006",
        [("System.Threading.Channels.ChannelWriter`1", "WriteAsync")] = "ACTX006",
        [("System.Collections.Concurrent.BlockingCollection`1", "Add")] = "ACTX006",
        [("System.Collections.Concurrent.BlockingCollection`1", "TryAdd")] = "ACTX006",
        [("System.Collections.Concurrent.ConcurrentQueue`1", "Enqueue")] = "ACTX006",
        [("Confluent.Kafka.IProducer`2", "Produce")] = "ACTX101",
        [("Confluent.Kafka.IProducer`2", "ProduceAsync")] = "ACTX101",
        [("Confluent.Kafka.IConsumer`2", "Consume")] = "ACTX102",
        [("System.Diagnostics.Activity", "set_Current")] = "ACTX201",
        [("System.Diagnostics.ActivitySource", "StartActivity")] = "ACTX202",
        [("System.Diagnostics.Activity", "Start")] = "ACTX202",
        [("System.Diagnostics.DiagnosticSource", "StartActivity")] = "ACTX202",
        [("System.Diagnostics.Activity", "SetParentId")] = "ACTX203",
        [("OpenTelemetry.Trace.TracerProviderBuilderExtensions", "SetSampler")] = "ACTX301",
    };

    public static async Task<IReadOnlyList<CandidateSite>> FindAsync(CorpusEntry entry, string checkout, LoadedProject project)
    {
        var sites = new List<CandidateSite>();
        foreach (var document in project.Project.Documents)
        {
            if (document.FilePath is null || await document.GetSyntaxRootAsync().ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync().ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            foreach (var node in root.DescendantNodes())
            {
                var symbol = node switch
                {
                    InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => model.GetSymbolInfo(node).Symbol,
                    AssignmentExpressionSyntax { Left: var left } => (model.GetSymbolInfo(left).Symbol as IPropertySymbol)?.SetMethod,
                    _ => null,
                };
                if (symbol is IMethodSymbol method && Hint(method) is { } hint)
                {
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var code = node.ToString().Split('\n')[0].Trim();
                    sites.Add(new CandidateSite(EvaluationRun.Relative(checkout, document.FilePath), line,
                        $"{method.ContainingType.Name}.{method.Name}", hint, project.IsTestProject, code.Length > 120 ? code[..120] : code));
                }
            }
        }

        return sites;
    }

    private static string? Hint(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method.OriginalDefinition;
        var type = original.ContainingType;
        var name = type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
        if (Apis.TryGetValue((name, original.Name), out var hint))
        {
            return hint;
        }

        // Implementations of the Kafka interfaces (wrappers) and subclasses count too.
        foreach (var implemented in type.AllInterfaces.Concat(BaseTypes(type)))
        {
            var baseName = implemented.ContainingNamespace.ToDisplayString() + "." + implemented.MetadataName;
            if (Apis.TryGetValue((baseName, original.Name), out hint))
            {
                return hint;
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> BaseTypes(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    public static void Append(string directory, CorpusEntry entry, IEnumerable<CandidateSite> sites)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "candidates.tsv");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, "repo\tcommit\tpath\tline\trule_hint\tapi\tscope\tcode\n");
        }

        File.AppendAllLines(path, sites.Distinct().Select(s =>
            $"{entry.Repository}\t{entry.Commit}\t{s.Path}\t{s.Line}\t{s.RuleHint}\t{s.Api}\t{(s.InTestProject ? "test" : "prod")}\t{s.Code.Replace('\t', ' ')}"));
    }
}
