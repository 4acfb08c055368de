using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActivityFlow.CodeFixes;

/// <summary>Picks local names that collide with nothing visible at, or declared anywhere in, the enclosing member.</summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    public UniqueNames(SemanticModel model, SyntaxNode anchor)
    {
        foreach (var symbol in model.LookupSymbols(anchor.SpanStart))
        {
            _taken.Add(symbol.Name);
        }

        var member = (SyntaxNode?)anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? anchor.SyntaxTree.GetRoot();
        foreach (var token in member.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                _taken.Add(token.ValueText);
            }
        }
    }

    public string Next(string preferred)
    {
        var name = preferred;
        for (var i = 2; _taken.Contains(name); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _taken.Add(name);
        return name;
    }
}
