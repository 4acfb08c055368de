using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Threading;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// "Live Activity scope", the evidence ACTX001–006 and ACTX101 need before they report: a call site is in a live scope
/// when, in its function, an Activity was started and is not yet stopped (<see cref="ActivityLifetimes"/>), or the
/// function reads <c>Activity.Current</c>, or it is a request entry point (<see cref="EntryPoints"/>), or, for a method's
/// own body, one of its callers in this compilation is in a live scope where it calls it (followed a few calls up).
/// </summary>
internal sealed class LiveActivityScope
{
    /// <summary>How many calls up the callers are followed.</summary>
    private const int CallerDepth = 3;

    private readonly KnownSymbols _symbols;
    private readonly EntryPoints _entryPoints;
    private readonly CallSites _callSites;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), string> _viaCallers = new(SymbolDepthComparer<IMethodSymbol>.Instance);

    public LiveActivityScope(KnownSymbols symbols, CallSites callSites, string? entryPointAttributes, MemberNameList entryPointMethods)
    {
        _symbols = symbols;
        _callSites = callSites;
        _entryPoints = new EntryPoints(symbols, entryPointAttributes, entryPointMethods);
    }

    /// <summary>
    /// Why the call site runs inside a live Activity scope ("the Activity started on line 12 is still running"),
    /// or null when there is no evidence. <paramref name="containingSymbol"/> is the member that owns the operation tree.
    /// </summary>
    public string? Explain(IOperation callSite, ISymbol containingSymbol, CancellationToken cancellationToken) =>
        Explain(callSite, containingSymbol, CallerDepth, cancellationToken);

    private string? Explain(IOperation callSite, ISymbol containingSymbol, int callerDepth, CancellationToken cancellationToken)
    {
        var lifetimes = ActivityLifetimes.Of(callSite, _symbols, cancellationToken);
        var running = lifetimes.RunningAt(callSite.Syntax.SpanStart);
        if (running is not null)
        {
            return running;
        }

        var entryPoint = _entryPoints.Explain(lifetimes.Owner, Functions.SymbolOf(lifetimes.Owner, containingSymbol));
        if (entryPoint is not null)
        {
            return "it runs in " + entryPoint;
        }

        if (lifetimes.FirstCurrentRead is { } read)
        {
            return "the caller reads Activity.Current (line " + DiagnosticLocations.LineOf(read.Syntax).ToString(CultureInfo.InvariantCulture) + ")";
        }

        // A lambda or local function runs when something calls it; only a method's own body inherits its callers' scope.
        return lifetimes.Owner.Parent is null && containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor } method && callerDepth > 0
            ? ViaCallers(method, callerDepth, cancellationToken)
            : null;
    }

    private string? ViaCallers(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        var key = (method.OriginalDefinition, depth);
        if (_viaCallers.TryGetValue(key, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }

        // The depth bounds recursive call chains; each (method, depth) answer is the same whoever asks first.
        string? reason = null;
        foreach (var (call, member) in _callSites.Of(method, cancellationToken))
        {
            var inner = Explain(call, member, depth - 1, cancellationToken);
            if (inner is not null)
            {
                reason = "'" + (method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.Name) + "' is called from '" + member.Name + "' (" + Path.GetFileName(call.Syntax.SyntaxTree.FilePath)
                    + ", line " + DiagnosticLocations.LineOf(call.Syntax).ToString(CultureInfo.InvariantCulture) + "), where " + inner;
                break;
            }
        }

        _viaCallers[key] = reason ?? string.Empty;
        return reason;
    }
}
