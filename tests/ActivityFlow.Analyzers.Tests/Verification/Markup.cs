using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>An expected diagnostic: its ID (null = the analyzer's only ID) and span in the clean source.</summary>
public sealed record ExpectedDiagnostic(string? Id, TextSpan Span);

/// <summary>
/// Parses test markup: <c>[|code|]</c> expects the default diagnostic on "code", <c>{|ACTX001:code|}</c> a specific one.
/// Markers may nest.
/// </summary>
public static class Markup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var output = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string? Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((null, output.Length));
                i++;
            }
            else if (Starts(markup, i, "{|") && TryReadId(markup, i + 2, out var id, out var afterColon))
            {
                open.Push((id, output.Length));
                i = afterColon - 1;
            }
            else if ((Starts(markup, i, "|]") || Starts(markup, i, "|}")) && open.Count > 0)
            {
                var (openId, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(openId, TextSpan.FromBounds(start, output.Length)));
                i++;
            }
            else
            {
                output.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("Unclosed diagnostic marker in test markup.");
        }

        return (output.ToString(), expected);
    }

    private static bool Starts(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static bool TryReadId(string text, int start, out string id, out int afterColon)
    {
        var colon = text.IndexOf(':', start);
        id = colon > start ? text.Substring(start, colon - start) : string.Empty;
        afterColon = colon + 1;
        if (id.Length == 0 || id.Length > 20)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
