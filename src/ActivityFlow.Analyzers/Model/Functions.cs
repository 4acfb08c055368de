using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The function an operation runs in: the innermost lambda, anonymous method or local function around it, else the
/// member body itself (the root of its operation tree). Code in a nested function runs later, elsewhere, so most facts
/// are facts of one function.
/// </summary>
internal static class Functions
{
    /// <summary>The enclosing lambda or local function operation, or the root of the operation tree.</summary>
    public static IOperation OwnerOf(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>The body of a function returned by <see cref="OwnerOf"/>: a lambda's or local function's block, else the root itself.</summary>
    public static IOperation? BodyOf(IOperation owner) => owner switch
    {
        IAnonymousFunctionOperation lambda => lambda.Body,
        ILocalFunctionOperation local => local.Body,
        _ => owner,
    };

    /// <summary>The symbol of a function returned by <see cref="OwnerOf"/>; for the root, the member that owns the tree.</summary>
    public static ISymbol? SymbolOf(IOperation owner, ISymbol containingSymbol) => owner switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        ILocalFunctionOperation local => local.Symbol,
        _ => containingSymbol,
    };

    /// <summary>True for a lambda, anonymous method or local function.</summary>
    public static bool IsNested(IOperation operation) => operation is IAnonymousFunctionOperation or ILocalFunctionOperation;

    /// <summary>True when the operation sits inside a lambda or local function within <paramref name="boundary"/>: it runs later, elsewhere.</summary>
    public static bool IsInsideNested(IOperation operation, IOperation boundary)
    {
        for (var current = operation.Parent; current is not null && current != boundary; current = current.Parent)
        {
            if (IsNested(current))
            {
                return true;
            }
        }

        return false;
    }
}
