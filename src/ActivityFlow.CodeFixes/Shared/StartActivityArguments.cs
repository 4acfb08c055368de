using System.Linq;
using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static ActivityFlow.CodeFixes.FixSyntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>Rewrites <c>source.StartActivity(name[, kind])</c> to the overload that takes a parent.</summary>
internal static class StartActivityArguments
{
    /// <summary>
    /// <c>StartActivity(name)</c> / <c>StartActivity(name, kind)</c> becomes <c>StartActivity(name, kind, parent)</c>, the kind
    /// defaulting to <c>ActivityKind.<paramref name="defaultKind"/></c>. False (and nothing changed) for other call shapes.
    /// </summary>
    public static bool TryAddParent(DocumentEditor editor, IInvocationOperation start, ArgumentSyntax parent, string defaultKind)
    {
        var kindType = ActivityFlowModel.For(editor.SemanticModel.Compilation)?.Symbols.ActivityKind;
        var parameters = start.TargetMethod.Parameters;
        if (kindType is null || start.Syntax is not InvocationExpressionSyntax syntax
            || parameters.Length < 2 || parameters[0].Name != "name" || parameters[1].Name != "kind")
        {
            return false;
        }

        var existing = syntax.ArgumentList.Arguments;
        if (existing.Count is < 1 or > 2 || existing.Any(argument => argument.NameColon is not null))
        {
            return false;
        }

        var kind = existing.Count == 2
            ? existing[1]
            : Argument((ExpressionSyntax)editor.Generator.MemberAccessExpression(TypeReference(editor.Generator, kindType), defaultKind));
        editor.ReplaceNode(
            syntax.ArgumentList,
            syntax.ArgumentList.WithArguments(SeparatedList(new[] { existing[0], kind, parent })).WithAdditionalAnnotations(Formatter.Annotation));
        return true;
    }
}
