using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Finds whether an operation runs while ExecutionContext flow is suppressed on the current thread:
/// inside <c>using (ExecutionContext.SuppressFlow())</c>, after <c>using var _ = ExecutionContext.SuppressFlow();</c>,
/// or after a <c>SuppressFlow()</c> call not yet followed by <c>Undo()</c>/<c>Dispose()</c>/<c>RestoreFlow()</c>.
/// Code in a nested lambda or local function runs later, elsewhere, so the search stops there.
/// </summary>
internal static class SuppressedFlow
{
    private static readonly ConditionalWeakTable<IBlockOperation, BlockStates> States = new();

    /// <summary>The SuppressFlow call that is in force at the operation, or null.</summary>
    public static IInvocationOperation? FindActiveSuppression(IOperation operation, KnownSymbols symbols)
    {
        if (symbols.ExecutionContext is null)
        {
            return null;
        }

        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;

                case IUsingOperation @using when child == @using.Body:
                    var resource = FindSuppressFlowCall(@using.Resources, symbols);
                    if (resource is not null)
                    {
                        return resource;
                    }

                    break;

                case IBlockOperation block:
                    var found = ScanPrecedingStatements(block, child, symbols);
                    if (found is not null)
                    {
                        return found;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The suppression in force just before <paramref name="child"/>, a statement of <paramref name="block"/>.</summary>
    private static IInvocationOperation? ScanPrecedingStatements(IBlockOperation block, IOperation child, KnownSymbols symbols)
    {
        var states = States.GetValue(block, b => new BlockStates(b, symbols));
        return states.Before(child);
    }

    /// <summary>
    /// For each statement of a block, the SuppressFlow call in force after it, computed in one forward pass (a using
    /// statement has ended its own suppression by the next statement; a restore ends any).
    /// </summary>
    private sealed class BlockStates
    {
        private readonly Dictionary<IOperation, int> _indexes = new();
        private readonly IInvocationOperation?[] _after;

        public BlockStates(IBlockOperation block, KnownSymbols symbols)
        {
            _after = new IInvocationOperation?[block.Operations.Length];
            IInvocationOperation? inForce = null;
            for (var i = 0; i < block.Operations.Length; i++)
            {
                var statement = block.Operations[i];
                _indexes[statement] = i;
                if (statement is not IUsingOperation)
                {
                    inForce = RestoresFlow(statement, symbols) ? null : FindSuppressFlowCall(statement, symbols) ?? inForce;
                }

                _after[i] = inForce;
            }
        }

        public IInvocationOperation? Before(IOperation statement) =>
            _indexes.TryGetValue(statement, out var index) && index > 0 ? _after[index - 1] : null;
    }

    private static IInvocationOperation? FindSuppressFlowCall(IOperation? statement, KnownSymbols symbols)
    {
        if (statement is null)
        {
            return null;
        }

        foreach (var descendant in statement.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "SuppressFlow" } invocation
                && KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.ExecutionContext)
                && !Functions.IsInsideNested(invocation, statement))
            {
                return invocation;
            }
        }

        return null;
    }

    private static bool RestoresFlow(IOperation statement, KnownSymbols symbols)
    {
        foreach (var descendant in statement.DescendantsAndSelf())
        {
            if (descendant is not IInvocationOperation invocation || Functions.IsInsideNested(invocation, statement))
            {
                continue;
            }

            var method = invocation.TargetMethod;
            if ((method.Name == "RestoreFlow" && KnownSymbols.Is(method.ContainingType, symbols.ExecutionContext))
                || ((method.Name == "Undo" || method.Name == "Dispose") && KnownSymbols.Is(method.ContainingType, symbols.AsyncFlowControl)))
            {
                return true;
            }
        }

        return false;
    }
}
