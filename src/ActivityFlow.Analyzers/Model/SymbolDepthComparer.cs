using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Keys memos by a symbol and a depth: how far a search may still follow calls from it.</summary>
internal sealed class SymbolDepthComparer<TSymbol> : IEqualityComparer<(TSymbol Symbol, int Depth)>
    where TSymbol : ISymbol
{
    public static readonly SymbolDepthComparer<TSymbol> Instance = new();

    public bool Equals((TSymbol Symbol, int Depth) x, (TSymbol Symbol, int Depth) y) =>
        x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Symbol, y.Symbol);

    public int GetHashCode((TSymbol Symbol, int Depth) obj) =>
        (SymbolEqualityComparer.Default.GetHashCode(obj.Symbol) * 31) + obj.Depth;
}
