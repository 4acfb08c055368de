using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX005: creates (or starts) the timer inside <c>using (ExecutionContext.SuppressFlow())</c>, so its ticks do not
/// inherit the caller's Activity. Not offered when the callback reads Activity.Current itself: under SuppressFlow it
/// would read null there, which ACTX002 reports.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX005TimerCapturesRequestActivityFix)), Shared]
public sealed class ACTX005TimerCapturesRequestActivityFix : SingleActionFix
{
    public const string Title = "Create the timer under ExecutionContext.SuppressFlow()";
    public const string EquivalenceKey = "ActivityFlow.ACTX005.SuppressFlow";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TimerCapturesRequestActivity);

    private protected override string ActionTitle => Title;

    private protected override string ActionEquivalenceKey => EquivalenceKey;

    private protected override bool CanFix(SyntaxNode root, Diagnostic diagnostic) => FindStatement(root, diagnostic) is not null;

    private protected override async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var executionContext = model is null ? null : ActivityFlowModel.For(model.Compilation)?.Symbols.ExecutionContext;
        if (root is null || model is null || executionContext is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var suppressFlow = (ExpressionSyntax)editor.Generator.InvocationExpression(editor.Generator.MemberAccessExpression(
            editor.Generator.TypeExpression(executionContext).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation), "SuppressFlow"));
        foreach (var statement in diagnostics.Select(diagnostic => FindStatement(root, diagnostic)).OfType<StatementSyntax>().Distinct())
        {
            if (statement is LocalDeclarationStatementSyntax declaration)
            {
                // var timer = new Timer(..);  ->  Timer timer; using (ExecutionContext.SuppressFlow()) { timer = new Timer(..); }
                var declarator = declaration.Declaration.Variables[0];
                var type = declaration.Declaration.Type.IsVar && model.GetTypeInfo(declarator.Initializer!.Value, cancellationToken).Type is { } inferred
                    ? (TypeSyntax)editor.Generator.TypeExpression(inferred).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                    : declaration.Declaration.Type.WithoutTrivia();
                var declare = LocalDeclarationStatement(VariableDeclaration(type, SingletonSeparatedList(VariableDeclarator(declarator.Identifier.WithoutTrivia()))))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                var assign = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(declarator.Identifier.WithoutTrivia()), declarator.Initializer!.Value.WithoutTrivia()));
                editor.InsertBefore(declaration, declare);
                editor.ReplaceNode(declaration, Suppressed(suppressFlow, assign).WithTrailingTrivia(declaration.GetTrailingTrivia()));
            }
            else
            {
                editor.ReplaceNode(statement, Suppressed(suppressFlow, statement.WithoutTrivia()).WithTriviaFrom(statement));
            }
        }

        return editor.GetChangedDocument();
    }

    private static StatementSyntax Suppressed(ExpressionSyntax suppressFlow, StatementSyntax statement) =>
        UsingStatement(null, suppressFlow, Blocks.Multiline(statement)).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// The statement that creates or starts the timer, when it does nothing else: <c>x = new Timer(..);</c>,
    /// <c>timer.Start();</c>, <c>timer.Enabled = true;</c>, <c>return new Timer(..);</c> or a single-variable
    /// <c>var timer = new Timer(..);</c>, directly in a block. Null when the callback relies on Activity.Current.
    /// </summary>
    private static StatementSyntax? FindStatement(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.ContainsKey(ACTX005TimerCapturesRequestActivityAnalyzer.UsesAmbientActivityProperty))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var expression = node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax or AssignmentExpressionSyntax);
        if (expression is null)
        {
            return null;
        }

        if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Right == expression)
        {
            expression = assignment;
        }

        var statement = expression.Parent switch
        {
            ExpressionStatementSyntax { } expressionStatement => expressionStatement,
            ReturnStatementSyntax { } returnStatement => returnStatement,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }
                when local.UsingKeyword == default && !local.IsConst => local,
            _ => (StatementSyntax?)null,
        };
        return statement?.Parent is BlockSyntax or SwitchSectionSyntax ? statement : null;
    }
}
