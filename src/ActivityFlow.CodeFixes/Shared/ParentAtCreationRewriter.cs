using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static ActivityFlow.CodeFixes.FixSyntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// Moves a <c>SetParentId(..)</c> made after the start to where the Activity is created:
/// <c>var a = source.StartActivity(name[, kind]); a.SetParentId(id);</c> becomes
/// <c>var a = source.StartActivity(name, kind, parentId: id);</c> (or <c>parentContext: new ActivityContext(..)</c> for the
/// trace-id/span-id overload), and <c>a.Start(); a.SetParentId(..);</c> becomes <c>a.SetParentId(..); a.Start();</c>.
/// Only when the call is a statement of the block that starts the Activity and its arguments can be evaluated there.
/// </summary>
internal static class ParentAtCreationRewriter
{
    /// <summary>The statement <c>a.SetParentId(..);</c> / <c>a?.SetParentId(..);</c> of a block, found from a node inside it.</summary>
    public static ExpressionStatementSyntax? FindSetParentStatement(SyntaxNode node)
    {
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var statement = invocation?.Parent switch
        {
            ExpressionStatementSyntax direct => direct,
            ConditionalAccessExpressionSyntax { Parent: ExpressionStatementSyntax conditional } access when access.WhenNotNull == invocation => conditional,
            _ => null,
        };
        return statement?.Parent is BlockSyntax ? statement : null;
    }

    public static async Task<Document?> FixAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var symbols = ActivityFlowModel.For(model.Compilation)?.Symbols;
        if (symbols is null || target is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        var invocationSyntax = statement.Expression is ConditionalAccessExpressionSyntax access ? access.WhenNotNull : statement.Expression;
        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation setParent
            || StartedActivity.Of(setParent, symbols, cancellationToken) is not { Declarator: not null } started)
        {
            return null;
        }

        var startStatement = started.Start.Syntax.FirstAncestorOrSelf<StatementSyntax>();
        if (startStatement?.Parent != block || !CanMoveBefore(model, invocationSyntax, startStatement, started.Declarator.Symbol, cancellationToken))
        {
            return null;
        }

        if (started.Start is IInvocationOperation { TargetMethod.Name: "StartActivity" } startActivity)
        {
            var parent = ParentArgument(editor.Generator, model.Compilation, setParent);
            if (parent is null || !StartActivityArguments.TryAddParent(editor, startActivity, parent, "Internal"))
            {
                return null;
            }

            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            return editor.GetChangedDocument();
        }

        // a.Start(); ... a.SetParentId(..);  ->  a.SetParentId(..); a.Start(); ...
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        editor.InsertBefore(startStatement, statement.WithoutTrivia().WithTrailingTrivia(ElasticLineFeed).WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    /// <summary>The parent argument built from the SetParentId call: <c>parentId: id</c> or <c>parentContext: new ActivityContext(..)</c>.</summary>
    private static ArgumentSyntax? ParentArgument(SyntaxGenerator generator, Compilation compilation, IInvocationOperation setParent)
    {
        var parentArguments = ((InvocationExpressionSyntax)setParent.Syntax).ArgumentList.Arguments;
        if (setParent.TargetMethod.Parameters.Length == 1)
        {
            return Argument(parentArguments[0].Expression.WithoutTrivia()).WithNameColon(NameColon("parentId"));
        }

        var symbols = ActivityFlowModel.For(compilation)?.Symbols;
        var contextType = symbols?.ActivityContext;
        var flagsType = symbols?.ActivityTraceFlags;
        if (contextType is null || flagsType is null || parentArguments.Any(argument => argument.NameColon is not null))
        {
            return null;
        }

        var values = parentArguments.Select(argument => argument.Expression.WithoutTrivia()).Cast<SyntaxNode>().ToList();
        if (values.Count == 2)
        {
            values.Add(generator.MemberAccessExpression(TypeReference(generator, flagsType), "None"));
        }

        return Argument((ExpressionSyntax)generator.ObjectCreationExpression(TypeReference(generator, contextType), values))
            .WithNameColon(NameColon("parentContext"));
    }

    /// <summary>The call's arguments name no local declared at or after <paramref name="before"/>, and not the Activity itself.</summary>
    private static bool CanMoveBefore(SemanticModel model, SyntaxNode call, StatementSyntax before, ILocalSymbol activity, CancellationToken cancellationToken)
    {
        var arguments = ((InvocationExpressionSyntax)call).ArgumentList;
        foreach (var identifier in arguments.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                && (SymbolEqualityComparer.Default.Equals(local, activity)
                    || local.DeclaringSyntaxReferences.Any(reference => reference.Span.End > before.SpanStart)))
            {
                return false;
            }
        }

        return true;
    }
}
