using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX004: Task.Run, Task.Factory.StartNew, ThreadPool.QueueUserWorkItem or Kafka ProduceAsync whose task is
/// discarded (expression statement, <c>_ =</c>, a discarded <c>ContinueWith</c>, or a static void helper that
/// takes it) in a live Activity scope, doing traced work. The work inherits the caller's Activity and can end
/// after it, so its spans are late children of an already exported span.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX004FireAndForgetOutlivesActivityAnalyzer : ActivityAnalyzer
{
    /// <summary>Property key: "true" when the discarded expression is a task the fix can await in place.</summary>
    public const string AwaitableProperty = "ActivityFlow.Awaitable";

    private const string KafkaReason = "produces to Kafka";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.FireAndForgetOutlivesActivity);

    private enum Fate
    {
        Observed,
        Discarded,
        DiscardedWithUnderscore,
        HandedToHelper,
        StoredInMember,
    }

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Run" or "StartNew" or "QueueUserWorkItem" or "ProduceAsync"))
        {
            return;
        }

        var symbols = model.Symbols;
        var isKafka = method.Name == "ProduceAsync" && KnownSymbols.IsOrInherits(method.ContainingType, symbols.KafkaProducer);
        var argument = isKafka || !DispatchApis.Has(DispatchApis.Classify(invocation, symbols), DispatchTraits.CanBeForgotten)
            ? null
            : DispatchedWork.FirstDelegateArgument(invocation);
        if (!isKafka && argument is null)
        {
            return;
        }

        var tree = invocation.Syntax.SyntaxTree;
        var (fate, helper) = FateOf(invocation, symbols);
        if (fate == Fate.Observed
            || (fate == Fate.DiscardedWithUnderscore && ActivityFlowOptions.GetBool(context.Options, tree, ActivityFlowOptions.IgnoreDiscards, defaultValue: false))
            || (helper is not null && model.ListOption(context.Options, tree, ActivityFlowOptions.FireAndForgetHelpers).Contains(helper, out _)))
        {
            return;
        }

        DispatchedWork? work = null;
        string? reason = KafkaReason;
        if (!isKafka)
        {
            work = DispatchedWork.FromDelegate(argument!.Value);
            reason = work is null ? null : model.TracedWorkOf(context, work);
        }

        // A task kept in a field is not awaited by this caller either; reported when the work is a loop that keeps the
        // caller's Activity as its parent for as long as it runs.
        if (reason is null || (fate == Fate.StoredInMember && (work is null || !LongRunningWork.RunsALoop(work, symbols.Compilation, context.CancellationToken))))
        {
            return;
        }

        // Under SuppressFlow the work does not inherit the caller's Activity at all: that is ACTX002's concern.
        if (!isKafka && SuppressedFlow.FindActiveSuppression(invocation, symbols) is not null)
        {
            return;
        }

        var live = model.LiveScopeAt(context, invocation);
        if (live is null)
        {
            return;
        }

        var awaitable = fate is Fate.Discarded or Fate.DiscardedWithUnderscore && method.Name != "QueueUserWorkItem" && !IsConditionallyAccessed(invocation);
        var properties = awaitable ? ImmutableDictionary<string, string?>.Empty.Add(AwaitableProperty, "true") : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.FireAndForgetOutlivesActivity, invocation.Syntax, work, properties, DiagnosticLocations.DisplayName(method), live, reason));
    }

    /// <summary>
    /// What happens to the task: discarded (statement, <c>_ =</c>, the receiver of a discarded ContinueWith), handed
    /// to a static void helper as its first argument (<c>task.Forget()</c>, <c>FireAndForget(task)</c>), stored in a field
    /// or property, or observed (awaited, kept in a local, returned, passed on).
    /// </summary>
    private static (Fate Fate, IMethodSymbol? Helper) FateOf(IInvocationOperation invocation, KnownSymbols symbols)
    {
        IOperation current = invocation;
        while (true)
        {
            if (current.Parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current)
            {
                current = conditional;
            }

            switch (current.Parent)
            {
                case IExpressionStatementOperation:
                    return (Fate.Discarded, null);

                case ISimpleAssignmentOperation { Target: IDiscardOperation, Parent: IExpressionStatementOperation } assignment when assignment.Value == current:
                    return (Fate.DiscardedWithUnderscore, null);

                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } stored when stored.Value == current:
                    return (Fate.StoredInMember, null);

                case IInvocationOperation { TargetMethod.Name: "ContinueWith" } continuation when continuation.Instance == current:
                    current = continuation;
                    continue;

                // Extension methods are static here too: the receiver is the first argument.
                case IArgumentOperation { Parent: IInvocationOperation { Parent: IExpressionStatementOperation } helper } argument
                    when helper.TargetMethod.IsStatic && helper.TargetMethod.ReturnsVoid && helper.Arguments.Length > 0 && helper.Arguments[0] == argument
                        && KnownSymbols.IsOrInherits(argument.Parameter?.Type, symbols.Task):
                    return (Fate.HandedToHelper, helper.TargetMethod.ReducedFrom ?? helper.TargetMethod);

                case IConversionOperation { IsImplicit: true } conversion when KnownSymbols.IsOrInherits(conversion.Type, symbols.Task):
                    current = current.Parent;
                    continue;

                default:
                    return (Fate.Observed, null);
            }
        }
    }

    private static bool IsConditionallyAccessed(IInvocationOperation invocation) =>
        invocation.Instance is IConditionalAccessInstanceOperation;
}
