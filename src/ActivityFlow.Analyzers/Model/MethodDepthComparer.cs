using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Keys memos by a method and a depth: how far a search may still follow calls from it.</summary>
internal sealed class MethodDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
{
    public static readonly MethodDepthComparer Instance = new();

    public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y) =>
        x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

    public int GetHashCode((IMethodSymbol Method, int Depth) obj) =>
        (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + obj.Depth;
}
