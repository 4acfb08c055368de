using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX201: <c>Activity.Current = x</c> in synchronous code whose previous value is not restored in a finally block.
/// Not reported where someone restores it or nothing is left changed: in async functions (the caller's value comes back
/// when the async method returns), in lambdas run as work items (their context ends with them), in a finally block (that
/// is the restore), when the value is a previously captured Activity.Current or an Activity's parent (a restore), when a
/// try/finally around or after the assignment restores Activity.Current (also through a restore helper), when the
/// assigned Activity is stopped later or returned to the caller (its Stop puts the parent back), when the saved previous
/// value is handed on (a scope that restores it on Dispose), in helpers whose job is to set Current for their caller, in
/// a type whose Dispose restores Current, and for a <c>null</c> reset before a long-running loop or background work
/// that must not inherit the caller's trace (configurable).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX201CurrentActivityNotRestoredAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CurrentActivityNotRestored);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model.Symbols), OperationKind.SimpleAssignment);

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (!ActivityCalls.IsCurrent(assignment.Target, symbols) || OperationSearch.HasErrors(assignment.Value))
        {
            return;
        }

        // A lambda run as a work item (Task.Run, ThreadPool, new Thread, ...) has an execution context of its own: what it
        // sets in Activity.Current ends with it.
        var owner = Functions.OwnerOf(assignment);
        if (IsAsync(owner, context.ContainingSymbol)
            || (owner is IAnonymousFunctionOperation lambda && DispatchApis.Has(DispatchApis.ReceiverOfLambda(lambda, symbols), DispatchTraits.IsolatesWorkItem))
            || OperationSearch.IsInFinally(assignment, owner)
            || IsRestoreValue(assignment.Value, symbols)
            || IsCoveredByFinally(assignment, owner, symbols)
            || IsAllowedDetachBeforeLoop(context, assignment, owner, symbols)
            || IsSetForTheCaller(assignment, owner, symbols)
            || RestoredByAnother(assignment, symbols, context))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CurrentActivityNotRestored, assignment.Syntax.GetLocation(), GuardedActions.Shorten(assignment.Value.Syntax.ToString(), 60)));
    }

    /// <summary>
    /// Someone else restores the previous value: the assigned Activity is stopped later here (Stop and Dispose put its parent
    /// back as Activity.Current); the saved previous value is handed to a method, a new object or the caller (a scope that
    /// restores it on Dispose); or this type restores Activity.Current in its Dispose (a scope type).
    /// </summary>
    private static bool RestoredByAnother(ISimpleAssignmentOperation assignment, KnownSymbols symbols, OperationAnalysisContext context)
    {
        var lifetimes = ActivityLifetimes.Of(assignment, symbols, context.CancellationToken);
        var position = assignment.Syntax.SpanStart;
        var holder = OperationSearch.HolderOf(assignment.Value);
        if (holder is not null && lifetimes.IsStoppedAfter(holder, position))
        {
            return true;
        }

        // A factory that makes its new Activity current and returns it: the caller's Stop puts the parent back.
        if (holder is ILocalSymbol local && (IsReturned(local, assignment) || IsSavedBeforeAStart(local, assignment, lifetimes)))
        {
            return true;
        }

        foreach (var saved in lifetimes.SavedCurrentBefore(position))
        {
            if (IsHandedOn(saved, assignment, symbols))
            {
                return true;
            }
        }

        return RestoresInDispose(context.ContainingSymbol.ContainingType, symbols, context.CancellationToken);
    }

    /// <summary>
    /// <c>var parentSpan = context.Span; .. (a span is started and made current) .. Activity.Current = parentSpan;</c>: the
    /// local was given its value before an Activity started here, so assigning it back puts the earlier Activity back.
    /// </summary>
    private static bool IsSavedBeforeAStart(ILocalSymbol local, IOperation at, ActivityLifetimes lifetimes)
    {
        var values = BodyIndex.Of(at).ValuesAssignedTo(local);
        return values.Count == 1 && lifetimes.StartedBetween(values[0].Syntax.Span.End, at.Syntax.SpanStart);
    }

    private static bool IsReturned(ILocalSymbol local, IOperation at)
    {
        foreach (var reference in BodyIndex.Of(at).ReferencesTo(local))
        {
            if (OperationSearch.UseOf(reference).Parent is IReturnOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The saved value leaves this function: passed to a method or constructor, returned, or stored in a field or property.</summary>
    private static bool IsHandedOn(ILocalSymbol saved, IOperation at, KnownSymbols symbols)
    {
        foreach (var reference in BodyIndex.Of(at).ReferencesTo(saved))
        {
            var use = OperationSearch.UseOf(reference);
            switch (use.Parent)
            {
                case IArgumentOperation:
                case IReturnOperation:
                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } store
                    when store.Value == use && !ActivityCalls.IsCurrent(store.Target, symbols):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A helper whose job is to set Activity.Current for its caller: its one statement is the assignment
    /// (<c>void Activate() => Activity.Current = this.Activity;</c>), or it ends by setting Current to a value the caller
    /// passes in (<c>void Restore(Activity? previous) { ..; Activity.Current = previous; }</c>). Nothing of its own runs
    /// after; the caller owns the restore.
    /// </summary>
    private static bool IsSetForTheCaller(ISimpleAssignmentOperation assignment, IOperation owner, KnownSymbols symbols)
    {
        var block = owner.Parent is not null ? null : owner is IMethodBodyOperation body ? body.BlockBody ?? body.ExpressionBody : owner as IBlockOperation;
        if (block is not { Operations.Length: > 0 } || !IsFinalAssignment(block.Operations[block.Operations.Length - 1], assignment))
        {
            return false;
        }

        return block.Operations.Length == 1
            || OperationSearch.Unwrap(assignment.Value) is IParameterReferenceOperation
            || EndsAParameter(block, symbols);
    }

    /// <summary>The statement is the assignment, or an <c>if</c> (without else) whose body is just the assignment.</summary>
    private static bool IsFinalAssignment(IOperation statement, ISimpleAssignmentOperation assignment)
    {
        if (statement is IConditionalOperation { WhenFalse: null } conditional)
        {
            statement = conditional.WhenTrue is IBlockOperation { Operations.Length: 1 } only ? only.Operations[0] : conditional.WhenTrue;
        }

        return statement is IExpressionStatementOperation expression && expression.Operation == assignment;
    }

    /// <summary>An end-span helper: it stops or disposes an Activity parameter (then puts back the Activity that was current before).</summary>
    private static bool EndsAParameter(IBlockOperation body, KnownSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation call && ActivityCalls.IsStopMethod(call.TargetMethod, symbols)
                && OperationSearch.Unwrap(ActivityCalls.ReceiverOf(call)) is IParameterReferenceOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A scope type: it implements IDisposable and one of its Dispose methods assigns Activity.Current.</summary>
    private static bool RestoresInDispose(INamedTypeSymbol? type, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { Name: "Dispose" or "DisposeAsync" } dispose
                && MethodBodies.Get(symbols.Compilation, dispose, cancellationToken) is { } body)
            {
                foreach (var operation in body.Descendants())
                {
                    if (operation is ISimpleAssignmentOperation restore && ActivityCalls.IsCurrent(restore.Target, symbols))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsAsync(IOperation owner, ISymbol containingSymbol) => owner switch
    {
        IAnonymousFunctionOperation function => function.Symbol.IsAsync,
        ILocalFunctionOperation function => function.Symbol.IsAsync,
        _ => containingSymbol is IMethodSymbol { IsAsync: true },
    };

    /// <summary><c>Activity.Current = previous</c> where previous was read from Activity.Current, or <c>= x.Parent</c>: a restore.</summary>
    private static bool IsRestoreValue(IOperation value, KnownSymbols symbols)
    {
        value = OperationSearch.Unwrap(value)!;
        if (value is IPropertyReferenceOperation { Property.Name: "Parent" } parent && KnownSymbols.IsOrInherits(parent.Property.ContainingType, symbols.Activity))
        {
            return true;
        }

        return value is ILocalReferenceOperation local
            && ActivityCalls.IsCurrent(OperationSearch.Unwrap(OperationSearch.SingleAssignedValue(local))!, symbols);
    }

    /// <summary>
    /// The assignment sits in the try block of a try/finally that restores Activity.Current, or a later statement of its
    /// block is such a try/finally (<c>var previous = Activity.Current; Activity.Current = x; try { .. } finally { .. }</c>).
    /// </summary>
    private static bool IsCoveredByFinally(IOperation assignment, IOperation owner, KnownSymbols symbols)
    {
        var child = assignment;
        for (var current = assignment.Parent; current is not null && child != owner; child = current, current = current.Parent)
        {
            if (current is ITryOperation @try && child == @try.Body && RestoresCurrent(@try.Finally, symbols))
            {
                return true;
            }

            if (current is IBlockOperation block)
            {
                for (var i = block.Operations.IndexOf(child) + 1; i < block.Operations.Length; i++)
                {
                    if (block.Operations[i] is ITryOperation later && RestoresCurrent(later.Finally, symbols))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool RestoresCurrent(IBlockOperation? @finally, KnownSymbols symbols)
    {
        if (@finally is null)
        {
            return false;
        }

        foreach (var operation in @finally.Descendants())
        {
            if ((operation is ISimpleAssignmentOperation assignment && ActivityCalls.IsCurrent(assignment.Target, symbols))
                || (operation is IInvocationOperation call && AssignsCurrent(call.TargetMethod, symbols)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A restore helper of this compilation (<c>RestoreCurrentActivity(saved)</c>): its body assigns Activity.Current.</summary>
    private static bool AssignsCurrent(IMethodSymbol method, KnownSymbols symbols)
    {
        if (MethodBodies.Get(symbols.Compilation, method, System.Threading.CancellationToken.None) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is ISimpleAssignmentOperation assignment && ActivityCalls.IsCurrent(assignment.Target, symbols))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Activity.Current = null;</c> as a statement of a function's top-level block, followed in that block by a loop
    /// that runs until cancelled (<c>while (true)</c>, <c>for (;;)</c>, a condition on <c>IsCancellationRequested</c>):
    /// a worker that detaches from the trace it was started in, on purpose.
    /// </summary>
    private static bool IsAllowedDetachBeforeLoop(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, IOperation owner, KnownSymbols symbols)
    {
        if (OperationSearch.Unwrap(assignment.Value) is not ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }
            || assignment.Parent is not IExpressionStatementOperation statement
            || statement.Parent is not IBlockOperation block
            || !IsTopLevelBlock(block, owner)
            || !ActivityFlowOptions.GetBool(context.Options, assignment.Syntax.SyntaxTree, ActivityFlowOptions.AllowDetachBeforeLoop, defaultValue: true))
        {
            return false;
        }

        for (var i = block.Operations.IndexOf(statement) + 1; i < block.Operations.Length; i++)
        {
            if ((block.Operations[i] is IWhileLoopOperation or IForLoopOperation && IsLongRunning((ILoopOperation)block.Operations[i]))
                || StartsBackgroundWork(block.Operations[i], symbols, followCalls: true, context.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The statement starts work that captures the execution context (Task.Run, a thread, a timer, ...), itself or in a
    /// method of this compilation it calls: clearing Current first keeps that work out of the caller's trace.
    /// </summary>
    private static bool StartsBackgroundWork(IOperation statement, KnownSymbols symbols, bool followCalls, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var operation in statement.DescendantsAndSelf())
        {
            if (DispatchApis.Has(DispatchApis.Classify(operation, symbols), DispatchTraits.CapturesContextWhenCalled))
            {
                return true;
            }

            if (followCalls && operation is IInvocationOperation call
                && MethodBodies.Get(symbols.Compilation, call.TargetMethod, cancellationToken) is { } body
                && StartsBackgroundWork(body, symbols, followCalls: false, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTopLevelBlock(IBlockOperation block, IOperation owner) => owner switch
    {
        IAnonymousFunctionOperation function => function.Body == block,
        ILocalFunctionOperation function => function.Body == block,
        IMethodBodyOperation body => body.BlockBody == block,
        _ => owner == block,
    };

    private static bool IsLongRunning(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        if (condition is null || condition.ConstantValue is { HasValue: true, Value: true })
        {
            return true;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" })
            {
                return true;
            }
        }

        return false;
    }
}
