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
#pragma warning disable RS1030 // The callee lives in another tree; the analyzer driver caches semantic models per tree.
        var model = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax, cancellationToken);
    }
}
