using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static ActivityFlow.CodeFixes.FixSyntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX201: capture the previous Activity.Current before the assignment and restore it in a finally block around
/// the rest of the enclosing block.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX201CurrentActivityNotRestoredFix)), Shared]
public sealed class ACTX201CurrentActivityNotRestoredFix : DocumentRewriteFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CurrentActivityNotRestored);

    protected override string Title => "Restore the previous Activity.Current in a finally block";

    protected override string EquivalenceKey => "ActivityFlow.RestoreCurrentActivity";

    internal override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>()?.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        // Something must follow to be wrapped; a local function or label after it may be used from before it.
        var rest = block.Statements.Skip(block.Statements.IndexOf(statement) + 1).ToList();
        return rest.Count > 0 && !rest.Any(s => s is LocalFunctionStatementSyntax or LabeledStatementSyntax) ? statement : null;
    }

    internal override async Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var activity = ActivityFlowModel.For(editor.SemanticModel.Compilation)?.Symbols.Activity;
        if (activity is null || target is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        var generator = editor.Generator;
        var previous = new UniqueNames(editor.SemanticModel, statement).Next("previousActivity");
        var index = block.Statements.IndexOf(statement);
        var capture = (StatementSyntax)generator.LocalDeclarationStatement(previous, ActivityCurrent(generator, activity));
        var restore = (StatementSyntax)generator.ExpressionStatement(generator.AssignmentStatement(ActivityCurrent(generator, activity), IdentifierName(previous)));
        var @try = TryStatement(Blocks.Multiline(List(block.Statements.Skip(index + 1))), default, FinallyClause(Blocks.Multiline(restore)));

        var statements = block.Statements.Take(index)
            .Append(capture.WithLeadingTrivia(statement.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation))
            .Append(statement.WithLeadingTrivia(ElasticMarker))
            .Append(@try.WithAdditionalAnnotations(Formatter.Annotation));
        editor.ReplaceNode(block, block.WithStatements(List(statements)));
        return editor.GetChangedDocument();
    }
}
