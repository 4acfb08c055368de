using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Everything a body does with one Activity local: where it is started, stopped/disposed and given a parent,
/// and whether it escapes (returned, stored, passed on, captured, reassigned), after which nothing can be proven.
/// </summary>
internal sealed class ActivityLocalUsage
{
    private ActivityLocalUsage()
    {
    }

    /// <summary>The function body (method, lambda or local function) that declares the local.</summary>
    public IOperation Owner { get; private set; } = null!;

    /// <summary><c>a.Stop()</c>/<c>a.Dispose()</c> calls (through <c>?.</c> too) and <c>using (a)</c> statements.</summary>
    public List<IOperation> Stops { get; } = new();

    /// <summary><c>a.Start()</c> calls.</summary>
    public List<IInvocationOperation> Starts { get; } = new();

    /// <summary><c>a.SetParentId(..)</c> calls.</summary>
    public List<IInvocationOperation> SetParents { get; } = new();

    /// <summary>The local leaves the analysed body's control: returned, stored, passed on, converted, pattern-bound.</summary>
    public bool Escapes { get; private set; }

    /// <summary>Assigned again after its declaration (or passed by ref).</summary>
    public bool Reassigned { get; private set; }

    /// <summary>Used inside a lambda or local function, which runs at an unknown time.</summary>
    public bool Captured { get; private set; }

    /// <summary>The lambdas and local functions that use the local (one entry per use).</summary>
    public List<IOperation> CapturedIn { get; } = new();

    /// <summary>
    /// Every use in a lambda or local function only annotates the Activity (tags, status, events, null checks): the
    /// callback does not take it over, so its lifetime is still this function's business.
    /// </summary>
    public bool CapturedOnlyToAnnotate { get; private set; } = true;

    /// <summary>How many of those uses stop or dispose it.</summary>
    public int CapturedStops { get; private set; }

    /// <summary>The first use (in source order) that hands the local on; null when it never escapes.</summary>
    public IOperation? FirstEscape { get; private set; }

    /// <summary>What the function that declares <paramref name="local"/> does with it (<paramref name="declaration"/> is in that function).</summary>
    public static ActivityLocalUsage Of(ILocalSymbol local, IOperation declaration, KnownSymbols symbols, CancellationToken cancellationToken) =>
        ActivityLifetimes.Of(declaration, symbols, cancellationToken).UsageOf(local, symbols);

    /// <summary>Classifies every reference to one local in <paramref name="owner"/> (references in nested functions included).</summary>
    internal static ActivityLocalUsage Classify(IOperation owner, IEnumerable<ILocalReferenceOperation> references, KnownSymbols symbols)
    {
        var usage = new ActivityLocalUsage { Owner = owner };
        foreach (var reference in references)
        {
            usage.Classify(reference, symbols);
        }

        return usage;
    }

    private void Classify(ILocalReferenceOperation reference, KnownSymbols symbols)
    {
        if (Functions.IsInsideNested(reference, Owner))
        {
            Captured = true;
            CapturedIn.Add(Functions.OwnerOf(reference));
            var capturedCall = ActivityCalls.CallOn(reference);
            if (capturedCall is not null && ActivityCalls.IsStopMethod(capturedCall.TargetMethod, symbols))
            {
                CapturedStops++;
            }

            CapturedOnlyToAnnotate &= capturedCall is not null
                ? !ActivityCalls.IsStopMethod(capturedCall.TargetMethod, symbols) && !ActivityCalls.IsStartMethod(capturedCall.TargetMethod, symbols)
                : OperationSearch.WithImplicitConversions(reference).Parent is IPropertyReferenceOperation or IIsPatternOperation or IBinaryOperation;
            return;
        }

        var call = ActivityCalls.CallOn(reference);
        if (call is not null)
        {
            if (ActivityCalls.IsStopMethod(call.TargetMethod, symbols))
            {
                Stops.Add(call);
            }
            else if (ActivityCalls.IsStartMethod(call.TargetMethod, symbols))
            {
                Starts.Add(call);
            }
            else if (ActivityCalls.IsSetParentMethod(call.TargetMethod, symbols))
            {
                SetParents.Add(call);
            }

            return;
        }

        // `a != null` compares as object, `using (a)` converts to IDisposable: look through implicit conversions.
        var use = OperationSearch.WithImplicitConversions(reference);

        switch (use.Parent)
        {
            case IConditionalAccessOperation conditional when conditional.Operation == use:
            case IPropertyReferenceOperation property when property.Instance == use:
            case IEventReferenceOperation @event when @event.Instance == use:
                return;

            case IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation { Pattern: IConstantPatternOperation } }:
            case IBinaryOperation binary when IsNullLiteral(binary.LeftOperand) || IsNullLiteral(binary.RightOperand):
                return;

            case IUsingOperation:
                Stops.Add(reference);
                return;

            case IArgumentOperation argument when ActivityCalls.StopsArgument(argument, symbols) is { } stopper:
                Stops.Add(stopper);
                return;

            case IArgumentOperation argument when IsTelemetryExtensionReceiver(argument):
                return;

            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
            case ISimpleAssignmentOperation assignment when assignment.Target == use:
            case ICompoundAssignmentOperation compound when compound.Target == use:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == use:
            case IDeconstructionAssignmentOperation:
                Reassigned = true;
                return;

            default:
                Escapes = true;
                FirstEscape = FirstEscape is null || reference.Syntax.SpanStart < FirstEscape.Syntax.SpanStart ? reference : FirstEscape;
                return;
        }
    }

    private static bool IsNullLiteral(IOperation operand) =>
        OperationSearch.Unwrap(operand) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>
    /// <c>activity.RecordException(ex)</c> and other extension methods from OpenTelemetry or System.Diagnostics
    /// that take the activity as their receiver: they annotate it, they do not keep or end it.
    /// </summary>
    private static bool IsTelemetryExtensionReceiver(IArgumentOperation argument)
    {
        if (argument.Parent is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation
            || argument.Parameter?.Ordinal != 0
            || invocation.TargetMethod.Name is "Stop" or "Dispose")
        {
            return false;
        }

        var ns = invocation.TargetMethod.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.StartsWith("OpenTelemetry", StringComparison.Ordinal) || ns.StartsWith("System.Diagnostics", StringComparison.Ordinal);
    }
}
