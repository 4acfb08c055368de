using System.Globalization;
using System.Threading;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// "Live Activity scope", the evidence ACTX004/005/006/101 need before they report: a call site is in a live scope
/// when, in its function, an Activity was started and is not yet stopped (<see cref="ActivityLifetimes"/>), or the
/// function reads <c>Activity.Current</c>, or it is a request entry point (<see cref="EntryPoints"/>).
/// </summary>
internal sealed class LiveActivityScope
{
    private readonly KnownSymbols _symbols;
    private readonly EntryPoints _entryPoints;

    public LiveActivityScope(KnownSymbols symbols, string? entryPointAttributes, MemberNameList entryPointMethods)
    {
        _symbols = symbols;
        _entryPoints = new EntryPoints(symbols, entryPointAttributes, entryPointMethods);
    }

    /// <summary>
    /// Why the call site runs inside a live Activity scope ("the Activity started on line 12 is still running"),
    /// or null when there is no evidence. <paramref name="containingSymbol"/> is the member that owns the operation tree.
    /// </summary>
    public string? Explain(IOperation callSite, ISymbol containingSymbol, CancellationToken cancellationToken)
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

        return lifetimes.FirstCurrentRead is { } read
            ? "the caller reads Activity.Current (line " + DiagnosticLocations.LineOf(read.Syntax).ToString(CultureInfo.InvariantCulture) + ")"
            : null;
    }
}
