using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Infrastructure;

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

    /// <summary>The nearest enclosing lambda, local function or member body of an operation.</summary>
    public static IOperation OwnerOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }

            if (current.Parent is null)
            {
                return current;
            }
        }

        return operation;
    }

    public static ActivityLocalUsage Collect(ILocalSymbol local, IOperation declaration, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        var usage = new ActivityLocalUsage { Owner = OwnerOf(declaration) };
        foreach (var operation in usage.Owner.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                usage.Classify(reference, symbols);
            }
        }

        return usage;
    }

    private void Classify(ILocalReferenceOperation reference, KnownSymbols symbols)
    {
        if (OperationSearch.IsInsideNestedFunction(reference, Owner))
        {
            Captured = true;
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
