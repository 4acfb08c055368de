using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The application's or a library's own Activity helpers: methods that start an Activity and return it to the caller
/// (<c>Tracer.CreateSpan(..)</c>), and methods that stop or dispose an Activity the caller passes in
/// (<c>Tracer.EndSpan(span)</c>). A method with a body in this compilation (or whose interface or abstract method has
/// implementations here) is judged by its body, two helpers deep; a method from a referenced assembly by its shape:
/// returns an Activity and is named <c>Start…</c>, or <c>Create…Span</c>/<c>Begin…</c>; takes an Activity and is named
/// <c>End…</c> or <c>Stop…</c>. Each answer is computed once per compilation.
/// </summary>
internal sealed class ActivityHelpers
{
    private const int Depth = 2;

    private readonly KnownSymbols _symbols;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), bool> _starters = new(SymbolDepthComparer<IMethodSymbol>.Instance);
    private readonly ConcurrentDictionary<(IParameterSymbol Parameter, int Depth), bool> _stoppers = new(SymbolDepthComparer<IParameterSymbol>.Instance);

    public ActivityHelpers(KnownSymbols symbols) => _symbols = symbols;

    /// <summary>True when a call of <paramref name="method"/> returns an Activity it started.</summary>
    public bool StartsActivity(IMethodSymbol method) => StartsActivity(method, Depth);

    /// <summary>True when <paramref name="method"/> stops or disposes the Activity passed as <paramref name="parameter"/>.</summary>
    public bool StopsArgument(IMethodSymbol method, IParameterSymbol parameter) => StopsArgument(method, parameter.Ordinal, Depth);

    private bool StartsActivity(IMethodSymbol method, int depth)
    {
        if (!KnownSymbols.IsOrInherits(method.ReturnType, _symbols.Activity) || ActivityCalls.IsStartMethod(method, _symbols) || ActivityCalls.IsSourceCreation(method, _symbols))
        {
            return false;
        }

        return _starters.GetOrAdd((method.OriginalDefinition, depth), key => JudgeStarter(key.Method, key.Depth));
    }

    private bool StopsArgument(IMethodSymbol method, int ordinal, int depth)
    {
        if (ordinal >= method.Parameters.Length || !KnownSymbols.IsOrInherits(method.Parameters[ordinal].Type, _symbols.Activity)
            || ActivityCalls.IsStopMethod(method, _symbols))
        {
            return false;
        }

        var parameter = method.OriginalDefinition.Parameters[ordinal];
        return _stoppers.GetOrAdd((parameter, depth), key => JudgeStopper((IMethodSymbol)key.Parameter.ContainingSymbol, key.Parameter.Ordinal, key.Depth));
    }

    private bool JudgeStarter(IMethodSymbol method, int depth)
    {
        var sawBody = false;
        foreach (var implementation in MethodBodies.Implementations(method, _symbols.Compilation, CancellationToken.None))
        {
            if (MethodBodies.Get(_symbols.Compilation, implementation, CancellationToken.None) is not { } body)
            {
                continue; // declared in another project of the solution: judged like a referenced assembly
            }

            sawBody = true;
            if (!ReturnsOnlyStarted(body, depth))
            {
                return false;
            }
        }

        return sawBody || HasStarterName(method.Name);
    }

    private bool JudgeStopper(IMethodSymbol method, int ordinal, int depth)
    {
        var sawBody = false;
        foreach (var implementation in MethodBodies.Implementations(method, _symbols.Compilation, CancellationToken.None))
        {
            if (MethodBodies.Get(_symbols.Compilation, implementation, CancellationToken.None) is not { } body)
            {
                continue; // declared in another project of the solution: judged like a referenced assembly
            }

            sawBody = true;
            if (!StopsParameter(body, implementation.Parameters[ordinal], depth))
            {
                return false;
            }
        }

        return sawBody || method.Name.StartsWith("End", StringComparison.Ordinal) || method.Name.StartsWith("Stop", StringComparison.Ordinal);
    }

    private static bool HasStarterName(string name) =>
        name.StartsWith("Start", StringComparison.Ordinal)
        || name.StartsWith("Begin", StringComparison.Ordinal)
        || (name.StartsWith("Create", StringComparison.Ordinal) && name.EndsWith("Span", StringComparison.Ordinal));

    /// <summary>Every return gives null or a started Activity (a start, a local holding one, another helper's result), and one gives a start.</summary>
    private bool ReturnsOnlyStarted(IOperation body, int depth)
    {
        var started = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned } || Functions.IsInsideNested(operation, body))
            {
                continue;
            }

            var value = OperationSearch.Unwrap(returned);
            if (value is ILocalReferenceOperation local)
            {
                value = OperationSearch.Unwrap(OperationSearch.SingleAssignedValue(local));
            }

            if (value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
            {
                continue;
            }

            if (!IsStartedValue(value, depth))
            {
                return false;
            }

            started = true;
        }

        return started;
    }

    private bool IsStartedValue(IOperation? value, int depth) => value switch
    {
        IInvocationOperation invocation => ActivityCalls.IsStartMethod(invocation.TargetMethod, _symbols)
            || (depth > 1 && StartsActivity(invocation.TargetMethod, depth - 1)),
        IConditionalAccessOperation conditional => IsStartedValue(conditional.WhenNotNull, depth),
        _ => false,
    };

    /// <summary>The body stops or disposes the parameter (directly, through <c>?.</c>, in a using) or hands it to another stopper.</summary>
    private bool StopsParameter(IOperation body, IParameterSymbol parameter, int depth)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                continue;
            }

            if (ActivityCalls.CallOn(reference) is { } call && ActivityCalls.IsStopMethod(call.TargetMethod, _symbols))
            {
                return true;
            }

            var use = OperationSearch.UseOf(reference);
            if (use.Parent is IUsingOperation
                || (depth > 1 && use.Parent is IArgumentOperation { Parameter: { } passedAs, Parent: IInvocationOperation callee }
                    && StopsArgument(callee.TargetMethod, passedAs.Ordinal, depth - 1)))
            {
                return true;
            }
        }

        return false;
    }
}
