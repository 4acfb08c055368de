using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Recognises the Activity API calls the lifecycle rules reason about: start, create, stop and parent setting.</summary>
internal static class ActivityCalls
{
    /// <summary>
    /// True for a value that is a started Activity: <c>ActivitySource.StartActivity(..)</c>, <c>activity.Start()</c>, a
    /// helper's (<see cref="ActivityHelpers"/>), either behind <c>?.</c> (<c>source.CreateActivity(..)?.Start()</c>), or a
    /// choice between one and null (<c>enabled ? source.StartActivity(..) : null</c>).
    /// </summary>
    public static bool IsStart(IOperation? value, KnownSymbols symbols)
    {
        value = OperationSearch.Unwrap(value);
        return value switch
        {
            IInvocationOperation invocation => IsStartMethod(invocation.TargetMethod, symbols) || symbols.Helpers.StartsActivity(invocation.TargetMethod),
            IConditionalAccessOperation conditional => IsStart(conditional.WhenNotNull, symbols),
            IConditionalOperation { WhenFalse: { } whenFalse } choice =>
                (IsStart(choice.WhenTrue, symbols) && IsStartOrNull(whenFalse, symbols)) || (IsStartOrNull(choice.WhenTrue, symbols) && IsStart(whenFalse, symbols)),
            _ => false,
        };
    }

    private static bool IsStartOrNull(IOperation value, KnownSymbols symbols) =>
        IsStart(value, symbols) || OperationSearch.Unwrap(value) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>True for <c>new Activity(..)</c> and <c>ActivitySource.CreateActivity(..)</c>: an Activity that is not started yet.</summary>
    public static bool IsUnstartedCreation(IOperation? value, KnownSymbols symbols)
    {
        value = OperationSearch.Unwrap(value);
        return value switch
        {
            IObjectCreationOperation creation => KnownSymbols.IsOrInherits(creation.Type, symbols.Activity),
            IInvocationOperation invocation => invocation.TargetMethod.Name == "CreateActivity"
                && KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.ActivitySource),
            _ => false,
        };
    }

    /// <summary>The static <c>Activity.Current</c> property (read or assigned).</summary>
    public static bool IsCurrent(IOperation? operation, KnownSymbols symbols) =>
        operation is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Current" } property }
        && KnownSymbols.Is(property.ContainingType, symbols.Activity);

    /// <summary>A read (not an assignment) of the static <c>Activity.Current</c>.</summary>
    public static bool IsCurrentRead(IOperation operation, KnownSymbols symbols) =>
        IsCurrent(operation, symbols) && !(operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation);

    /// <summary>The receiver of a call, looking through <c>?.</c> (<c>a?.Stop()</c>: the conditional access's operand).</summary>
    public static IOperation? ReceiverOf(IInvocationOperation call)
    {
        if (call.Instance is not IConditionalAccessInstanceOperation)
        {
            return call.Instance;
        }

        for (var current = call.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation conditional && conditional.WhenNotNull.Syntax.Span.Contains(call.Syntax.Span))
            {
                return conditional.Operation;
            }
        }

        return null;
    }

    /// <summary><c>ActivitySource.StartActivity(..)</c> or <c>ActivitySource.CreateActivity(..)</c>.</summary>
    public static bool IsSourceCreation(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name is "StartActivity" or "CreateActivity" && KnownSymbols.Is(method.ContainingType, symbols.ActivitySource);

    public static bool IsStartMethod(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name switch
        {
            "StartActivity" => KnownSymbols.Is(method.ContainingType, symbols.ActivitySource),
            "Start" => method.Parameters.Length == 0 && !method.IsStatic && KnownSymbols.IsOrInherits(method.ContainingType, symbols.Activity),
            _ => false,
        };

    /// <summary><c>Stop()</c> or <c>Dispose()</c> on an Activity.</summary>
    public static bool IsStopMethod(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name is "Stop" or "Dispose"
        && method.Parameters.Length == 0
        && KnownSymbols.IsOrInherits(method.ContainingType, symbols.Activity);

    /// <summary>ActivityFlow's <c>ActivityScope.Enter(..)</c>: re-attaches a captured Activity.</summary>
    public static bool IsScopeEnter(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name == "Enter" && KnownSymbols.Is(method.ContainingType, symbols.ActivityScope);

    /// <summary>An argument that a helper stops or disposes (<c>Tracer.EndSpan(span)</c>): the call that stops it, else null.</summary>
    public static IInvocationOperation? StopsArgument(IArgumentOperation argument, KnownSymbols symbols) =>
        argument is { Parameter: { } parameter, Parent: IInvocationOperation call } && symbols.Helpers.StopsArgument(call.TargetMethod, parameter)
            ? call
            : null;

    /// <summary>True when a method of the type calls <c>Activity.Current.Stop()</c> or <c>Activity.Current?.Dispose()</c>.</summary>
    public static bool TypeStopsCurrent(INamedTypeSymbol type, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || MethodBodies.Get(symbols.Compilation, method, cancellationToken) is not { } body)
            {
                continue;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation && IsStopMethod(invocation.TargetMethod, symbols)
                    && IsCurrent(OperationSearch.Unwrap(ReceiverOf(invocation)), symbols))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>Activity.SetParentId(..)</c>, both overloads.</summary>
    public static bool IsSetParentMethod(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name == "SetParentId" && !method.IsStatic && KnownSymbols.IsOrInherits(method.ContainingType, symbols.Activity);

    /// <summary>True when the ActivitySource call passes an explicit parent (context, id) or links.</summary>
    public static bool HasExplicitParent(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Parameter?.Name is "parentContext" or "parentId" or "links")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method called with <paramref name="receiver"/> as its instance, directly or through <c>?.</c>.</summary>
    public static IInvocationOperation? CallOn(IOperation receiver)
    {
        switch (receiver.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == receiver:
                return invocation;
            case IConditionalAccessOperation conditional when conditional.Operation == receiver:
                return conditional.WhenNotNull as IInvocationOperation is { Instance: IConditionalAccessInstanceOperation } call ? call : null;
            default:
                return null;
        }
    }
}
