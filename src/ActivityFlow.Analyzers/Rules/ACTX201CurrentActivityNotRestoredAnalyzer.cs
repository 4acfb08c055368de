using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX201: <c>Activity.Current = x</c> in synchronous code whose previous value is not restored in a finally
/// block. Not reported: in async functions (the caller's value comes back when the async method returns), in a
/// finally block (that is the restore), when the value is a previously captured Activity.Current (a restore), when
/// a try/finally around or after the assignment restores Activity.Current (the shape the ACTX001-003 fix writes),
/// in IDisposable scope types, and for a <c>null</c> reset before a long-running loop (configurable).
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
            || IsAllowedDetachBeforeLoop(context, assignment, owner)
            || IsSetForTheCaller(assignment, owner)
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
        if (OperationSearch.HolderOf(assignment.Value) is { } holder && lifetimes.IsStoppedAfter(holder, position))
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
    /// A helper that ends by setting Activity.Current to a value its caller passes in (<c>void Restore(Activity? previous)
    /// => Activity.Current = previous;</c>) does it on the caller's behalf: nothing of its own runs after, the caller owns
    /// the restore.
    /// </summary>
    private static bool IsSetForTheCaller(ISimpleAssignmentOperation assignment, IOperation owner)
    {
        if (owner.Parent is not null || OperationSearch.Unwrap(assignment.Value) is not IParameterReferenceOperation)
        {
            return false;
        }

        var block = owner is IMethodBodyOperation body ? body.BlockBody ?? body.ExpressionBody : owner as IBlockOperation;
        return block is { Operations.Length: > 0 } && block.Operations[block.Operations.Length - 1] is IExpressionStatementOperation last && last.Operation == assignment;
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
    private static bool IsAllowedDetachBeforeLoop(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, IOperation owner)
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
            if (block.Operations[i] is IWhileLoopOperation or IForLoopOperation && IsLongRunning((ILoopOperation)block.Operations[i]))
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
