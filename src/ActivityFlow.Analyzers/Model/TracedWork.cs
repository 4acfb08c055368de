using System.Collections.Concurrent;
using System.Threading;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Decides whether a piece of work (a lambda body or a source method) does something whose trace context
/// matters: starts or reads an Activity, logs through ILogger, calls a traced client (<see cref="TracedClients"/>:
/// HttpClient, ADO.NET, EF Core, Dapper, Redis, MongoDB, gRPC, cloud SDKs, message buses, Kafka), or calls a
/// user-listed method. Calls into source methods are followed a
/// few levels deep; answers are memoised per compilation and depth, so they are deterministic.
/// </summary>
internal sealed class TracedWork
{
    private const string NotTraced = "";

    private readonly KnownSymbols _symbols;
    private readonly TracedClients _clients;
    private readonly MemberNameList _userMethods;
    private readonly int _maxDepth;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), string> _memo =
        new(SymbolDepthComparer<IMethodSymbol>.Instance);

    public TracedWork(KnownSymbols symbols, TracedClients clients, MemberNameList userMethods, int maxDepth)
    {
        _symbols = symbols;
        _clients = clients;
        _userMethods = userMethods;
        _maxDepth = maxDepth;
    }

    /// <summary>
    /// Why the work is traced ("logs through ILogger"), or null when it is not, is opaque, or already
    /// handles its context explicitly (so a fixed call site is never reported again).
    /// </summary>
    public string? Explain(DispatchedWork work, CancellationToken cancellationToken)
    {
        var body = BodyOf(work, cancellationToken);
        if (body is null || ExplicitContext.IsHandled(body, _symbols))
        {
            return null;
        }

        return work.Body is not null
            ? ExplainBody(work.Body, _maxDepth, cancellationToken)
            : ExplainMethod(work.Method!, _maxDepth, cancellationToken);
    }

    private IOperation? BodyOf(DispatchedWork work, CancellationToken cancellationToken) =>
        work.Body ?? (work.Method is null ? null : MethodBodies.Get(_symbols.Compilation, work.Method, cancellationToken));

    /// <summary>True when the work reads or assigns Activity.Current itself (directly or through calls).</summary>
    public bool UsesAmbientActivity(DispatchedWork work, CancellationToken cancellationToken)
    {
        var body = BodyOf(work, cancellationToken);
        if (body is null)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (ActivityCalls.IsCurrent(operation, _symbols))
            {
                return true;
            }
        }

        return false;
    }

    private string? ExplainMethod(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method;
        var key = (method.OriginalDefinition, depth);
        if (_memo.TryGetValue(key, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }

        var body = MethodBodies.Get(_symbols.Compilation, method, cancellationToken);
        var reason = body is null ? null : ExplainBody(body, depth, cancellationToken);
        _memo.TryAdd(key, reason ?? NotTraced);
        return reason;
    }

    private string? ExplainBody(IOperation body, int depth, CancellationToken cancellationToken)
    {
        string? viaCall = null;
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var direct = ExplainCall(invocation.TargetMethod);
                    if (direct is not null)
                    {
                        return direct;
                    }

                    // Prefer direct evidence; remember the first traced callee in case there is none.
                    if (viaCall is null && depth > 0 && MethodBodies.IsSourceMethod(invocation.TargetMethod))
                    {
                        var inner = ExplainMethod(invocation.TargetMethod, depth - 1, cancellationToken);
                        if (inner is not null)
                        {
                            viaCall = "calls '" + invocation.TargetMethod.Name + "', which " + inner;
                        }
                    }

                    break;

                case IPropertyReferenceOperation when ActivityCalls.IsCurrent(operation, _symbols):
                    return "uses Activity.Current";

                case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, _symbols.Activity):
                    return "creates an Activity";
            }
        }

        return viaCall;
    }

    private string? ExplainCall(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        if (ActivityCalls.IsSourceCreation(method, _symbols))
        {
            return "starts an Activity";
        }

        if (KnownSymbols.Is(type, _symbols.Activity) && method.Name == "Start")
        {
            return "starts an Activity";
        }

        if (IsLogging(method))
        {
            return "logs through ILogger";
        }

        var client = _clients.Explain(method);
        if (client is not null)
        {
            return client;
        }

        if (_userMethods.Contains(method, out _))
        {
            return "calls '" + method.Name + "' (listed in " + ActivityFlowOptions.TracedWorkMethods + ")";
        }

        return null;
    }

    private bool IsLogging(IMethodSymbol method)
    {
        if (_symbols.ILogger is null)
        {
            return false;
        }

        if (KnownSymbols.IsOrInherits(method.ContainingType, _symbols.ILogger) || KnownSymbols.Is(method.ContainingType, _symbols.LoggerExtensions))
        {
            return true;
        }

        // LoggerMessage.Define delegates: Action<ILogger, ...>.Invoke.
        return method.MethodKind == MethodKind.DelegateInvoke
            && method.Parameters.Length > 0
            && KnownSymbols.IsOrInherits(method.Parameters[0].Type, _symbols.ILogger);
    }
}
