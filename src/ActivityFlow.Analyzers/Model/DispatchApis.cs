using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>The APIs that hand work to another thread or to later, as the rules tell them apart.</summary>
internal enum DispatchApi
{
    None,
    TaskRun,
    TaskFactoryStartNew,
    TaskContinueWith,
    TaskCreation,
    ThreadPoolQueue,
    ThreadPoolRegisterWait,
    ThreadPoolUnsafeQueue,
    ThreadPoolUnsafeRegisterWait,
    ThreadCreation,
    ThreadStart,
    ThreadUnsafeStart,
    CancellationRegister,
    CancellationUnsafeRegister,
    ExecutionContextRun,
    ThreadingTimerCreation,
}

/// <summary>What a dispatch API does with the caller's execution context and with the work it is given.</summary>
[Flags]
internal enum DispatchTraits
{
    None = 0,

    /// <summary>The work runs without the caller's ExecutionContext: Activity.Current is null there (ACTX001).</summary>
    DropsContext = 1,

    /// <summary>Starts work that captures the ExecutionContext at the call, unless flow is suppressed there (ACTX002).</summary>
    CapturesContextWhenCalled = 2,

    /// <summary>Starts work whose completion the caller may discard: fire and forget (ACTX004).</summary>
    CanBeForgotten = 4,

    /// <summary>Runs the work as an item with an execution context of its own, discarded when it ends (ACTX201).</summary>
    IsolatesWorkItem = 8,
}

/// <summary>
/// The one catalogue of dispatch APIs: Task.Run and TaskFactory.StartNew, ContinueWith, the ThreadPool queue and
/// register methods and their Unsafe twins, threads, CancellationToken registrations, ExecutionContext.Run and timers.
/// Recognised by name first (cheap), then by containing type.
/// </summary>
internal static class DispatchApis
{
    public static DispatchTraits TraitsOf(DispatchApi api) => api switch
    {
        DispatchApi.TaskRun or DispatchApi.TaskFactoryStartNew or DispatchApi.ThreadPoolQueue =>
            DispatchTraits.CapturesContextWhenCalled | DispatchTraits.CanBeForgotten | DispatchTraits.IsolatesWorkItem,
        DispatchApi.ThreadPoolRegisterWait or DispatchApi.ThreadStart or DispatchApi.ThreadingTimerCreation =>
            DispatchTraits.CapturesContextWhenCalled | DispatchTraits.IsolatesWorkItem,
        DispatchApi.ThreadPoolUnsafeQueue or DispatchApi.ThreadPoolUnsafeRegisterWait =>
            DispatchTraits.DropsContext | DispatchTraits.IsolatesWorkItem,
        DispatchApi.ThreadUnsafeStart or DispatchApi.CancellationUnsafeRegister => DispatchTraits.DropsContext,
        DispatchApi.TaskContinueWith or DispatchApi.TaskCreation or DispatchApi.ThreadCreation
            or DispatchApi.CancellationRegister or DispatchApi.ExecutionContextRun => DispatchTraits.IsolatesWorkItem,
        _ => DispatchTraits.None,
    };

    public static bool Has(DispatchApi api, DispatchTraits traits) => (TraitsOf(api) & traits) == traits && traits != DispatchTraits.None;

    public static DispatchApi Classify(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        return method.Name switch
        {
            "Run" when KnownSymbols.Is(type, symbols.Task) => DispatchApi.TaskRun,
            "Run" when KnownSymbols.Is(type, symbols.ExecutionContext) => DispatchApi.ExecutionContextRun,
            "StartNew" when KnownSymbols.Is(type, symbols.TaskFactory) || KnownSymbols.Is(type, symbols.TaskFactoryOfT) => DispatchApi.TaskFactoryStartNew,
            "ContinueWith" when KnownSymbols.IsOrInherits(type, symbols.Task) => DispatchApi.TaskContinueWith,
            "QueueUserWorkItem" when KnownSymbols.Is(type, symbols.ThreadPool) => DispatchApi.ThreadPoolQueue,
            "RegisterWaitForSingleObject" when KnownSymbols.Is(type, symbols.ThreadPool) => DispatchApi.ThreadPoolRegisterWait,
            "UnsafeQueueUserWorkItem" when KnownSymbols.Is(type, symbols.ThreadPool) => DispatchApi.ThreadPoolUnsafeQueue,
            "UnsafeRegisterWaitForSingleObject" when KnownSymbols.Is(type, symbols.ThreadPool) => DispatchApi.ThreadPoolUnsafeRegisterWait,
            "Start" when KnownSymbols.Is(type, symbols.Thread) => DispatchApi.ThreadStart,
            "UnsafeStart" when KnownSymbols.Is(type, symbols.Thread) => DispatchApi.ThreadUnsafeStart,
            "Register" when KnownSymbols.Is(type, symbols.CancellationToken) => DispatchApi.CancellationRegister,
            "UnsafeRegister" when KnownSymbols.Is(type, symbols.CancellationToken) => DispatchApi.CancellationUnsafeRegister,
            _ => DispatchApi.None,
        };
    }

    public static DispatchApi Classify(IObjectCreationOperation creation, KnownSymbols symbols) => creation.Type?.Name switch
    {
        "Thread" when KnownSymbols.Is(creation.Type, symbols.Thread) => DispatchApi.ThreadCreation,
        "Timer" when KnownSymbols.Is(creation.Type, symbols.ThreadingTimer) => DispatchApi.ThreadingTimerCreation,
        _ when DerivesFromTypeNamed(creation.Type, "Task") && KnownSymbols.IsOrInherits(creation.Type, symbols.Task) => DispatchApi.TaskCreation,
        _ => DispatchApi.None,
    };

    /// <summary>A name test before the symbol test: an ordinary <c>new</c> resolves no framework type.</summary>
    private static bool DerivesFromTypeNamed(ITypeSymbol? type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The operation's API when it is an invocation or object creation; None otherwise.</summary>
    public static DispatchApi Classify(IOperation? operation, KnownSymbols symbols) => operation switch
    {
        IInvocationOperation invocation => Classify(invocation, symbols),
        IObjectCreationOperation creation => Classify(creation, symbols),
        _ => DispatchApi.None,
    };

    /// <summary>The work a dispatch runs (a lambda, or a method in this compilation), or null when it is opaque.</summary>
    public static DispatchedWork? WorkOf(IOperation dispatch, DispatchApi api, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        switch (dispatch)
        {
            case IInvocationOperation invocation when api is DispatchApi.ThreadStart or DispatchApi.ThreadUnsafeStart:
                return DispatchedWork.FromThreadReceiver(invocation.Instance, symbols, cancellationToken);

            case IInvocationOperation invocation when api == DispatchApi.ThreadPoolUnsafeQueue && DispatchedWork.FirstDelegateArgument(invocation) is null:
                return invocation.Arguments.Length > 0 ? DispatchedWork.FromWorkItem(invocation.Arguments[0].Value, symbols) : null;

            case IInvocationOperation invocation:
                return DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(invocation)?.Value);

            case IObjectCreationOperation creation:
                return DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(creation.Arguments)?.Value);

            default:
                return null;
        }
    }

    /// <summary>The dispatch that <paramref name="lambda"/> is handed to as an argument, or None.</summary>
    public static DispatchApi ReceiverOfLambda(IAnonymousFunctionOperation lambda, KnownSymbols symbols)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IArgumentOperation argument ? Classify(argument.Parent, symbols) : DispatchApi.None;
    }
}
