using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>
/// A user-supplied list of methods from .editorconfig: entries separated by ',' (.editorconfig itself treats ';' and
/// '#' as the start of a comment, so only ',' works there), each
/// <c>Namespace.Type.Method</c>, <c>Namespace.Type.*</c> (every method of the type), optionally followed by
/// <c>(parameterName)</c> where the entry names a delegate parameter.
/// </summary>
internal sealed class MemberNameList
{
    public static readonly MemberNameList Empty = new(new Dictionary<string, string?>(StringComparer.Ordinal));

    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);

    // "Namespace.Type.Method" or "Namespace.Type.*" -> parameter name (null = any).
    private readonly Dictionary<string, string?> _entries;

    private MemberNameList(Dictionary<string, string?> entries) => _entries = entries;

    public bool IsEmpty => _entries.Count == 0;

    public static MemberNameList Parse(string? value)
    {
        var entries = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var raw in ActivityFlowOptions.Entries(value))
        {
            var entry = raw;
            string? parameter = null;
            var open = entry.IndexOf('(');
            if (open > 0 && entry.EndsWith(")", StringComparison.Ordinal))
            {
                parameter = entry.Substring(open + 1, entry.Length - open - 2).Trim();
                entry = entry.Substring(0, open).Trim();
            }

            if (entry.Length > 0 && entry.IndexOf('.') > 0)
            {
                entries[entry] = string.IsNullOrEmpty(parameter) ? null : parameter;
            }
        }

        return entries.Count == 0 ? Empty : new MemberNameList(entries);
    }

    /// <summary>True when the method is listed; <paramref name="parameter"/> is the listed parameter name, if any.</summary>
    public bool Contains(IMethodSymbol method, out string? parameter)
    {
        parameter = null;
        if (_entries.Count == 0)
        {
            return false;
        }

        var typeName = method.ContainingType.OriginalDefinition.ToDisplayString(TypeNameFormat);
        return _entries.TryGetValue(typeName + "." + method.Name, out parameter)
            || _entries.TryGetValue(typeName + ".*", out parameter);
    }

    /// <summary>True when the list names this type itself (<c>Namespace.Type</c>): for options that list types.</summary>
    public bool ContainsType(string fullTypeName) => _entries.ContainsKey(fullTypeName);
}
