using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX006: a delegate work item written to <c>ChannelWriter&lt;T&gt;.TryWrite/WriteAsync</c>,
/// <c>BlockingCollection&lt;T&gt;.Add/TryAdd</c> or <c>ConcurrentQueue&lt;T&gt;.Enqueue</c> (T a delegate type), or handed to
/// a method of this compilation (an IBackgroundTaskQueue-style queue, also through its interface) that writes its
/// delegate parameter to one of those, in a live Activity scope, doing traced work. The consumer invokes it later on
/// its own execution context, without the caller's Activity.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX006QueuedWorkItemLosesActivityAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.QueuedWorkItemLosesActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var symbols = model.Symbols;
        var argument = QueueWriteArgument(invocation, symbols)
            ?? ConfiguredArgument(invocation, model, context)
            ?? (DispatchedWork.FirstDelegateArgument(invocation) is null
                ? null
                : model.Forwarding.ForwardedArgument(
                    invocation, ForwardingSink.QueueItem, (item, _) => item.Parent is IInvocationOperation write && QueueWriteArgument(write, symbols) == item, context.CancellationToken));
        if (argument is null)
        {
            return;
        }

        var work = DispatchedWork.FromDelegate(argument.Value);
        if (work is null || model.HandOffEvidence(context, invocation, work) is not { } evidence)
        {
            return;
        }

        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.QueuedWorkItemLosesActivity, invocation.Syntax, work, DiagnosticLocations.DisplayName(invocation.TargetMethod), evidence.LiveScope, "it " + evidence.TracedWork));
    }

    /// <summary>The item argument of a direct write of a delegate to a Channel, BlockingCollection or ConcurrentQueue.</summary>
    private static IArgumentOperation? QueueWriteArgument(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var isQueueWrite = method.Name switch
        {
            "TryWrite" or "WriteAsync" => KnownSymbols.Is(type, symbols.ChannelWriter),
            "Add" or "TryAdd" => KnownSymbols.Is(type, symbols.BlockingCollection),
            "Enqueue" => KnownSymbols.Is(type, symbols.ConcurrentQueue),
            _ => false,
        };
        if (!isQueueWrite || type.TypeArguments.Length != 1 || type.TypeArguments[0].TypeKind != TypeKind.Delegate)
        {
            return null;
        }

        var itemType = type.TypeArguments[0];
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not null && SymbolEqualityComparer.Default.Equals(argument.Parameter.Type, itemType))
            {
                return argument;
            }
        }

        return null;
    }

    private static IArgumentOperation? ConfiguredArgument(IInvocationOperation invocation, ActivityFlowModel model, OperationAnalysisContext context) =>
        model.ListOption(context.Options, invocation.Syntax.SyntaxTree, ActivityFlowOptions.QueueMethods).Contains(invocation.TargetMethod, out var parameter)
            ? DispatchedWork.ConfiguredArgument(invocation, parameter)
            : null;
}
