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
/// ACTX005: a periodic <c>System.Threading.Timer</c> created, or a <c>System.Timers.Timer</c> started (<c>Start()</c>,
/// <c>Enabled = true</c>), in a live Activity scope, with a callback (or an <c>Elapsed</c> handler subscribed in the
/// same body) that does traced work. The timer captures the ExecutionContext then, so every tick runs with the
/// caller's Activity, long after it stopped. Not reported when flow is already suppressed there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX005TimerCapturesRequestActivityAnalyzer : ActivityAnalyzer
{
    /// <summary>Property key: "true" when the callback reads Activity.Current itself, so creating the timer under SuppressFlow would trip ACTX002.</summary>
    public const string UsesAmbientActivityProperty = "ActivityFlow.UsesAmbientActivity";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.TimerCapturesRequestActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var symbols = model.Symbols;
        var operation = context.Operation;
        var (works, display) = operation switch
        {
            IObjectCreationOperation { Type.Name: not "Timer" } => (null, string.Empty),
            IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.ThreadingTimer) && !FiresOnce(creation) =>
                (Single(DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(creation.Arguments)?.Value)), "new Timer"),
            IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.TimersTimer) && EnabledInInitializer(creation) =>
                (ElapsedHandlers(OperationSearch.HolderOf(creation.Parent), creation, context.CancellationToken), "new Timer"),
            IInvocationOperation { TargetMethod.Name: "Start", Arguments.Length: 0 } start when KnownSymbols.Is(start.TargetMethod.ContainingType, symbols.TimersTimer) =>
                (ElapsedHandlers(OperationSearch.HolderOf(start.Instance), start, context.CancellationToken), "Timer.Start"),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Enabled" } target, Value.ConstantValue: { HasValue: true, Value: true } } enable
                when KnownSymbols.Is(target.Property.ContainingType, symbols.TimersTimer) && target.Parent is not IMemberInitializerOperation && enable.Parent is not IObjectOrCollectionInitializerOperation =>
                (ElapsedHandlers(OperationSearch.HolderOf(target.Instance), enable, context.CancellationToken), "Timer.Enabled"),
            _ => (null, string.Empty),
        };

        if (works is null || works.Count == 0 || SuppressedFlow.FindActiveSuppression(operation, symbols) is not null)
        {
            return;
        }

        var tree = operation.Syntax.SyntaxTree;
        var tracedWork = model.TracedWorkFor(context.Options, tree);
        string? reason = null;
        var usesAmbient = false;
        foreach (var work in works)
        {
            reason ??= tracedWork.Explain(work, context.CancellationToken);

            usesAmbient |= tracedWork.UsesAmbientActivity(work, context.CancellationToken);
        }

        if (reason is null)
        {
            return;
        }

        var live = model.LiveScopeAt(context, operation);
        if (live is null)
        {
            return;
        }

        var properties = usesAmbient ? ImmutableDictionary<string, string?>.Empty.Add(UsesAmbientActivityProperty, "true") : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.TimerCapturesRequestActivity, DiagnosticLocations.NameOf(operation.Syntax), properties, display, live, "it " + reason));
    }

    /// <summary>
    /// <c>new Timer(callback, state, due, Timeout.Infinite)</c> with a finite due time: a one-shot timer (a deadline, a
    /// delayed retry) fires at most once, usually while its caller's Activity still runs; the rule is about ticks that
    /// keep coming. A timer created with both times infinite is armed later by <c>Change</c>, maybe periodically.
    /// </summary>
    private static bool FiresOnce(IObjectCreationOperation creation) =>
        IsInfinite(ArgumentFor(creation, "period")) && ArgumentFor(creation, "dueTime") is { } due && !IsInfinite(due);

    private static IOperation? ArgumentFor(IObjectCreationOperation creation, string parameter)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return OperationSearch.Unwrap(argument.Value);
            }
        }

        return null;
    }

    private static bool IsInfinite(IOperation? time) =>
        time?.ConstantValue is { HasValue: true, Value: -1 or -1L or uint.MaxValue }
        || time is IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan", ContainingType.Name: "Timeout" or "TimeSpan" } };

    private static List<DispatchedWork>? Single(DispatchedWork? work) => work is null ? null : new List<DispatchedWork> { work };

    private static bool EnabledInInitializer(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null)
        {
            return false;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Enabled" }, Value.ConstantValue: { HasValue: true, Value: true } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>Elapsed</c> handlers subscribed to the same timer anywhere in the body.</summary>
    private static List<DispatchedWork>? ElapsedHandlers(ISymbol? holder, IOperation at, CancellationToken cancellationToken)
    {
        if (holder is null)
        {
            return null;
        }

        var handlers = new List<DispatchedWork>();
        foreach (var subscription in BodyIndex.Of(at).EventSubscriptions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (subscription is { Adds: true, EventReference: IEventReferenceOperation { Event.Name: "Elapsed" } reference }
                && SymbolEqualityComparer.Default.Equals(OperationSearch.HolderOf(reference.Instance), holder)
                && DispatchedWork.FromDelegate(subscription.HandlerValue) is { } handler)
            {
                handlers.Add(handler);
            }
        }

        return handlers;
    }
}
