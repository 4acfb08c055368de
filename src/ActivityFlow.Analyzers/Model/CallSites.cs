using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Where the methods and constructors of this compilation are called from. The syntax of every tree is indexed by invoked
/// or created name once, the first time a rule asks (a syntax walk, no binding); each candidate is bound only when its
/// name matches.
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
    public IEnumerable<(IOperation Call, ISymbol Member)> Of(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var targets = TargetsOf(method);
        var name = method.MethodKind == MethodKind.Constructor ? ConstructorKey(method.ContainingType.Name) : method.Name;
        foreach (var node in Named(name, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!CanPassArgumentsTo(node, method))
            {
                continue;
            }

            var model = SemanticModels.For(_compilation, node.SyntaxTree);
            if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol called
                || !targets.Contains(called.OriginalDefinition)
                || model.GetOperation(node, cancellationToken) is not { } call
                || call is not (IInvocationOperation or IObjectCreationOperation))
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
    /// A syntax test before binding: a call with more arguments than the method takes, or fewer than it requires,
    /// cannot be a call of it (binding a candidate binds its whole body).
    /// </summary>
    private static bool CanPassArgumentsTo(SyntaxNode node, IMethodSymbol method)
    {
        var count = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments.Count,
            ObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments.Count ?? 0,
            _ => -1,
        };
        if (count < 0 || method.IsVararg)
        {
            return true;
        }

        var parameters = method.Parameters;
        var required = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsOptional && !parameter.IsParams)
            {
                required++;
            }
        }

        // An extension method called on its receiver is passed one argument fewer.
        var lowest = method.IsExtensionMethod ? required - 1 : required;
        var takesAny = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams;
        return count >= lowest && (takesAny || count <= parameters.Length);
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
                var name = node switch
                {
                    InvocationExpressionSyntax invocation => InvokedName(invocation.Expression),
                    ObjectCreationExpressionSyntax creation => CreatedName(creation.Type) is { } type ? ConstructorKey(type) : null,
                    _ => null,
                };
                if (name is not null)
                {
                    if (!index.TryGetValue(name, out var nodes))
                    {
                        nodes = new List<SyntaxNode>();
                        index.Add(name, nodes);
                    }

                    nodes.Add(node);
                }
            }
        }

        return index;
    }

    /// <summary>The simple name an invocation calls (<c>Produce</c> in <c>_producer?.Produce(..)</c>), from syntax alone.</summary>
    internal static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => InvokedName(member.Name),
        MemberBindingExpressionSyntax binding => InvokedName(binding.Name),
        _ => null,
    };

    /// <summary>The simple name of the type a <c>new T(..)</c> creates (<c>new()</c> with no type is not indexed).</summary>
    private static string? CreatedName(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        QualifiedNameSyntax qualified => CreatedName(qualified.Right),
        AliasQualifiedNameSyntax alias => CreatedName(alias.Name),
        _ => null,
    };

    /// <summary>Constructor calls are indexed apart from method calls of the same name.</summary>
    private static string ConstructorKey(string typeName) => "new " + typeName;
}
