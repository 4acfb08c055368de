using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>Helpers for expected fix output.</summary>
public static class FixedCode
{
    /// <summary>
    /// Swaps each pair of whole-word names: the expected output of fixing one diagnostic at a time where it differs
    /// from Fix All's only in which of two rewritten calls got the numbered names.
    /// </summary>
    public static string SwapNames(string code, params (string Name, string Other)[] pairs)
    {
        var swap = new Dictionary<string, string>();
        foreach (var (name, other) in pairs)
        {
            swap[name] = other;
            swap[other] = name;
        }

        var anyName = new Regex(@"\b(" + string.Join("|", swap.Keys.Select(Regex.Escape)) + @")\b");
        return anyName.Replace(code, match => swap[match.Value]);
    }
}
