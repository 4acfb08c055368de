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

    private static IInvocationOperation? ScanPrecedingStatements(IBlockOperation block, IOperation child, KnownSymbols symbols)
    {
        var index = block.Operations.IndexOf(child);
        for (var i = index - 1; i >= 0; i--)
        {
            var statement = block.Operations[i];
            if (statement is IUsingOperation)
            {
                continue; // a using statement has ended its suppression by now
            }

            if (RestoresFlow(statement, symbols))
            {
                return null;
            }

            var call = FindSuppressFlowCall(statement, symbols);
            if (call is not null)
            {
                return call;
            }
        }

        return null;
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
