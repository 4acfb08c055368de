using System;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>Thrown (and shown as AD0001) when an analyzer action fails; names the file and line it was analysing.</summary>
public sealed class AnalyzerActionException : Exception
{
    public AnalyzerActionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
