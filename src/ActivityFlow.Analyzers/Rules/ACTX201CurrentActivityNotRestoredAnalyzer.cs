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
        RegisterOperation(context, operationContext => Analyze(operationContext, model.Symbols), OperationKind.SimpleAssignment);

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
            || IsRestoreValue(assignment.Value, symbols, context.CancellationToken)
            || IsScopeType(context.ContainingSymbol.ContainingType)
            || IsCoveredByFinally(assignment, owner, symbols)
            || IsAllowedDetachBeforeLoop(context, assignment, owner))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CurrentActivityNotRestored, assignment.Syntax.GetLocation(), GuardedActions.Shorten(assignment.Value.Syntax.ToString(), 60)));
    }

    private static bool IsAsync(IOperation owner, ISymbol containingSymbol) => owner switch
    {
        IAnonymousFunctionOperation function => function.Symbol.IsAsync,
        ILocalFunctionOperation function => function.Symbol.IsAsync,
        _ => containingSymbol is IMethodSymbol { IsAsync: true },
    };

    /// <summary><c>Activity.Current = previous</c> where previous was read from Activity.Current, or <c>= x.Parent</c>: a restore.</summary>
    private static bool IsRestoreValue(IOperation value, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        value = OperationSearch.Unwrap(value)!;
        if (value is IPropertyReferenceOperation { Property.Name: "Parent" } parent && KnownSymbols.IsOrInherits(parent.Property.ContainingType, symbols.Activity))
        {
            return true;
        }

        return value is ILocalReferenceOperation local
            && ActivityCalls.IsCurrent(OperationSearch.Unwrap(OperationSearch.SingleAssignedValue(local))!, symbols);
    }

    /// <summary>A type that implements IDisposable is a scope object: it sets Activity.Current and restores it in Dispose.</summary>
    private static bool IsScopeType(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_IDisposable || implemented.Name == "IAsyncDisposable")
            {
                return true;
            }
        }

        return false;
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
