using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The work handed to a dispatch API: a lambda or anonymous method (its body), or a method in this
/// compilation (method group, local function, IThreadPoolWorkItem.Execute). Opaque delegates (parameters,
/// fields, properties, invocation results) resolve to nothing, so nothing is reported for them.
/// </summary>
internal sealed class DispatchedWork
{
    private DispatchedWork(SyntaxNode? delegateSyntax, IOperation? body, IMethodSymbol? method)
    {
        DelegateSyntax = delegateSyntax;
        Body = body;
        Method = method;
    }

    /// <summary>The lambda, anonymous method or method-group expression a code fix can rewrite; null when there is none.</summary>
    public SyntaxNode? DelegateSyntax { get; }

    public IOperation? Body { get; }

    public IMethodSymbol? Method { get; }

    /// <summary>Resolves a delegate-typed value to the work it runs.</summary>
    public static DispatchedWork? FromDelegate(IOperation? value)
    {
        value = OperationSearch.Unwrap(value);
        if (value is IDelegateCreationOperation creation)
        {
            switch (OperationSearch.Unwrap(creation.Target))
            {
                case IAnonymousFunctionOperation lambda:
                    return new DispatchedWork(lambda.Syntax, lambda.Body, null);
                case IMethodReferenceOperation reference when MethodBodies.IsSourceMethod(reference.Method):
                    return new DispatchedWork(reference.Syntax, null, reference.Method);
            }
        }

        return null;
    }

    /// <summary>Resolves an IThreadPoolWorkItem argument to its Execute method, when the item's type is in source.</summary>
    public static DispatchedWork? FromWorkItem(IOperation? value, KnownSymbols symbols)
    {
        var type = OperationSearch.Unwrap(value)?.Type as INamedTypeSymbol;
        if (type is null || symbols.IThreadPoolWorkItem is null || type.TypeKind == TypeKind.Interface)
        {
            return null;
        }

        foreach (var member in symbols.IThreadPoolWorkItem.GetMembers("Execute"))
        {
            if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol execute && MethodBodies.IsSourceMethod(execute))
            {
                return new DispatchedWork(null, null, execute);
            }
        }

        return null;
    }

    /// <summary>
    /// For <c>thread.Start()</c>/<c>thread.UnsafeStart()</c>: the delegate given to <c>new Thread(..)</c>, either as the
    /// receiver itself or through a local assigned exactly once in the same body.
    /// </summary>
    public static DispatchedWork? FromThreadReceiver(IOperation? receiver, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        var creation = OperationSearch.Unwrap(receiver) switch
        {
            IObjectCreationOperation direct => direct,
            ILocalReferenceOperation local => OperationSearch.SingleAssignedValue(local) as IObjectCreationOperation,
            _ => null,
        };

        if (creation is null || !KnownSymbols.Is(creation.Type, symbols.Thread) || creation.Arguments.Length == 0)
        {
            return null;
        }

        return FromDelegate(creation.Arguments[0].Value);
    }

    /// <summary>For a method listed in an option: the argument of the named parameter, else the first delegate argument.</summary>
    public static IArgumentOperation? ConfiguredArgument(IInvocationOperation invocation, string? parameter)
    {
        if (parameter is null)
        {
            return FirstDelegateArgument(invocation);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The first argument whose parameter is a delegate: the callback of most dispatch APIs.</summary>
    public static IArgumentOperation? FirstDelegateArgument(IInvocationOperation invocation) =>
        FirstDelegateArgument(invocation.Arguments);

    public static IArgumentOperation? FirstDelegateArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type.TypeKind == TypeKind.Delegate)
            {
                return argument;
            }
        }

        return null;
    }
}
