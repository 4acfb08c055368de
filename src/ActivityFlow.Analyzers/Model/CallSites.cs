using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Where the methods of this compilation are called from. The syntax of every tree is indexed by invoked name once, the
/// first time a rule asks (a syntax walk, no binding); each candidate is bound only when its name matches.
/// </summary>
internal sealed class CallSites
{
    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private Dictionary<string, List<SyntaxNode>>? _byName;

    public CallSites(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// The calls of <paramref name="method"/> in this compilation, directly or through the interface or base methods it
    /// implements or overrides, each with the member whose body holds it.
    /// </summary>
    public IEnumerable<(IInvocationOperation Call, ISymbol Member)> Of(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var targets = TargetsOf(method);
        foreach (var node in Named(method.Name, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable RS1030 // The callers live in other trees; the analyzer driver caches semantic models per tree.
            var model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol called
                || !targets.Contains(called.OriginalDefinition)
                || model.GetOperation(node, cancellationToken) is not IInvocationOperation call)
            {
                continue;
            }

            var member = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                member = member.ContainingSymbol;
            }

            if (member is not null)
            {
                yield return (call, member);
            }
        }
    }

    /// <summary>
    /// The method, and the interface and base methods declared in this compilation through which a call can reach it. A
    /// call through a framework's interface (<c>IHostedService.StartAsync</c>) is the framework's dispatch, not a caller
    /// of this method, and proves nothing.
    /// </summary>
    private static HashSet<IMethodSymbol> TargetsOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        var targets = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            AddIfDeclaredHere(targets, overridden.OriginalDefinition);
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (member is IMethodSymbol candidate
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, method))
                {
                    AddIfDeclaredHere(targets, candidate.OriginalDefinition);
                }
            }
        }

        return targets;
    }

    private static void AddIfDeclaredHere(HashSet<IMethodSymbol> targets, IMethodSymbol declared)
    {
        if (declared.ContainingType.DeclaringSyntaxReferences.Length > 0)
        {
            targets.Add(declared);
        }
    }

    private IReadOnlyList<SyntaxNode> Named(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _byName ??= Index(cancellationToken);
        }

        return _byName.TryGetValue(name, out var nodes) ? nodes : (IReadOnlyList<SyntaxNode>)new SyntaxNode[0];
    }

    private Dictionary<string, List<SyntaxNode>> Index(CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, List<SyntaxNode>>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && InvokedName(invocation.Expression) is { } name)
                {
                    if (!index.TryGetValue(name, out var nodes))
                    {
                        nodes = new List<SyntaxNode>();
                        index.Add(name, nodes);
                    }

                    nodes.Add(invocation);
                }
            }
        }

        return index;
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => InvokedName(member.Name),
        MemberBindingExpressionSyntax binding => InvokedName(binding.Name),
        _ => null,
    };
}
