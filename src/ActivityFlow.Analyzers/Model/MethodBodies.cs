using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Finds the operation tree of a method declared in the current compilation.</summary>
internal static class MethodBodies
{
    public static bool IsSourceMethod(IMethodSymbol method) =>
        !method.IsAbstract
        && !method.IsExtern
        && method.MethodKind != MethodKind.DelegateInvoke
        && method.DeclaringSyntaxReferences.Length > 0;

    public static IOperation? Get(Compilation compilation, IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method;
        if (!IsSourceMethod(method))
        {
            return null;
        }

        var reference = method.DeclaringSyntaxReferences[0];
        if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return null;
        }

        var syntax = reference.GetSyntax(cancellationToken);
        return SemanticModels.For(compilation, reference.SyntaxTree).GetOperation(syntax, cancellationToken);
    }

    /// <summary>The method itself when it has a body here; for interface or abstract methods, their implementations in this compilation.</summary>
    public static IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        if (IsSourceMethod(method))
        {
            yield return method;
            yield break;
        }

        // Only types declared in this compilation: implementations of a library's interface are not searched.
        var isInterface = method.ContainingType.TypeKind == TypeKind.Interface;
        if ((!isInterface && !method.IsAbstract) || method.ContainingType.DeclaringSyntaxReferences.Length == 0)
        {
            yield break;
        }

        foreach (var candidate in compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member, cancellationToken))
        {
            if (candidate is not IMethodSymbol implementation || !MethodBodies.IsSourceMethod(implementation))
            {
                continue;
            }

            var matches = isInterface
                ? SymbolEqualityComparer.Default.Equals(implementation.ContainingType.FindImplementationForInterfaceMember(method), implementation)
                : OverridesMethod(implementation, method);
            if (matches)
            {
                yield return implementation;
            }
        }
    }

    private static bool OverridesMethod(IMethodSymbol candidate, IMethodSymbol method)
    {
        for (var current = candidate.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
            {
                return true;
            }
        }

        return false;
    }
}
