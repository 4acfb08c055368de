using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// The "capture and restore Activity.Current" rewrite: captures Activity.Current in a local just before the
/// statement that hands the work off, and re-attaches it inside the work for the duration of the original
/// body (ActivityFlow.ActivityScope when referenced, else try/finally), restoring the previous value.
/// Other fixes reuse the same machinery with their own <see cref="WorkWrapper"/>.
/// </summary>
internal static class ActivityReattachRewriter
{
    /// <summary>Creates the wrapper for one target, or null when this fix does not apply there.</summary>
    public delegate WorkWrapper? WrapperFactory(SemanticModel model, SyntaxGenerator generator, UniqueNames names, StatementSyntax statement, ExpressionSyntax target);

    /// <summary>The capture-and-restore wrapper (ACTX001–003, ACTX006).</summary>
    public static WorkWrapper? Reattach(SemanticModel model, SyntaxGenerator generator, UniqueNames names, StatementSyntax statement, ExpressionSyntax target)
    {
        var symbols = ActivityFlowModel.For(model.Compilation)?.Symbols;
        return symbols is null ? null : new ReattachBody(generator, symbols.Activity, symbols.ActivityScope, names);
    }

    public static bool HasFixableDelegate(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(DiagnosticLocations.FixableDelegate) && diagnostic.AdditionalLocations.Count > 0;

    /// <summary>
    /// Fixes every diagnostic of one document. Each fix runs on the document the previous one produced, so
    /// names stay unique and edits compose; targets are tracked by annotation across the rewrites.
    /// </summary>
    public static Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        FixDocumentAsync(document, diagnostics, Reattach, cancellationToken);

    /// <summary>Fixes every diagnostic of one document with the wrapper the factory builds for each target.</summary>
    public static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, WrapperFactory factory, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var targets = diagnostics
            .Where(HasFixableDelegate)
            .Select(diagnostic => root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true))
            .OfType<ExpressionSyntax>()
            .ToList();
        return await TrackedTargets.FixEachAsync(
            document, root, targets, (current, target, token) => FixInStatementAsync(current, target, factory, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the delegate sits in a statement the capture can be inserted before.</summary>
    public static bool CanRewrite(SyntaxNode root, Diagnostic diagnostic) =>
        HasFixableDelegate(diagnostic)
        && root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax target
        && (ContainingStatement(target) is not null || ExpressionBodies.FindConvertible(target) is not null);

    public static StatementSyntax? ContainingStatement(SyntaxNode target)
    {
        var statement = target.Parent?.FirstAncestorOrSelf<StatementSyntax>();
        return statement?.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax
            or IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or ForStatementSyntax
            or ForEachStatementSyntax or UsingStatementSyntax or LockStatementSyntax or DoStatementSyntax
            ? statement
            : null;
    }

    /// <summary>An expression body has no statement to insert the capture before: it becomes a block first.</summary>
    private static async Task<Document?> FixInStatementAsync(Document document, ExpressionSyntax target, WrapperFactory factory, CancellationToken cancellationToken)
    {
        if (ContainingStatement(target) is null)
        {
            var marker = new SyntaxAnnotation();
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            document = document.WithSyntaxRoot(root!.ReplaceNode(target, target.WithAdditionalAnnotations(marker)));
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            document = await ExpressionBodies.ToBlockAsync(document, root!.GetAnnotatedNodes(marker).First(), cancellationToken).ConfigureAwait(false);
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var moved = root?.GetAnnotatedNodes(marker).OfType<ExpressionSyntax>().FirstOrDefault();
            if (moved is null)
            {
                return null;
            }

            target = moved;
        }

        return await FixOneAsync(document, target, factory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rewrites one delegate (and inserts the capture before its statement); null when the factory declines.</summary>
    public static async Task<Document?> FixOneAsync(Document document, ExpressionSyntax target, WrapperFactory factory, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var statement = ContainingStatement(target);
        if (model is null || statement is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var names = new UniqueNames(model, statement);
        var body = factory(model, editor.Generator, names, statement, target);
        if (body is null)
        {
            return null;
        }

        var rewritten = target switch
        {
            AnonymousFunctionExpressionSyntax function => RewriteFunction(function, model, body),
            _ => RewriteMethodGroup(target, model, body, names),
        };
        if (rewritten is null)
        {
            return null;
        }

        editor.ReplaceNode(target, rewritten.WithTriviaFrom(target).WithAdditionalAnnotations(Formatter.Annotation));

        // Format the whole statement: a lambda block is indented relative to the line its statement starts on.
        editor.ReplaceNode(statement, (current, _) => current.WithAdditionalAnnotations(Formatter.Annotation));
        var capture = body.Capture().WithAdditionalAnnotations(Formatter.Annotation);
        InsertBefore(editor, statement, capture);
        return editor.GetChangedDocument();
    }

    /// <summary>Inserts statements before a statement found by <see cref="ContainingStatement"/>.</summary>
    public static void InsertBefore(DocumentEditor editor, StatementSyntax statement, params StatementSyntax[] inserted)
    {
        switch (statement.Parent)
        {
            case BlockSyntax or SwitchSectionSyntax:
                editor.InsertBefore(statement, inserted);
                break;
            case GlobalStatementSyntax global:
                // Plain (non-elastic) trivia: the formatter separates elastic top-level members with blank lines.
                editor.InsertBefore(global, inserted.Select(statement =>
                    GlobalStatement(statement.WithoutAnnotations(Formatter.Annotation).WithLeadingTrivia().WithTrailingTrivia(LineFeed))));
                break;
            default:
                // An embedded statement (if/while/... without braces) becomes a block holding both.
                editor.ReplaceNode(statement, (current, _) => Block(inserted.Append((StatementSyntax)current)).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    private static ExpressionSyntax RewriteFunction(AnonymousFunctionExpressionSyntax function, SemanticModel model, WorkWrapper body)
    {
        var symbol = model.GetSymbolInfo(function).Symbol as IMethodSymbol;
        var statements = function.Block is not null
            ? function.Block.Statements
            : SingletonList(WorkBodyShape.ToStatement(function.ExpressionBody!, symbol));

        var rewritten = function.WithBlock(body.Wrap(statements)).WithExpressionBody(null);

        // A static lambda cannot read the captured local.
        var staticModifier = rewritten.Modifiers.FirstOrDefault(modifier => modifier.IsKind(SyntaxKind.StaticKeyword));
        return staticModifier == default ? rewritten : rewritten.WithModifiers(rewritten.Modifiers.Remove(staticModifier));
    }

    private static ExpressionSyntax? RewriteMethodGroup(ExpressionSyntax methodGroup, SemanticModel model, WorkWrapper body, UniqueNames names)
    {
        var invoke = (model.GetTypeInfo(methodGroup).ConvertedType as INamedTypeSymbol)?.DelegateInvokeMethod;
        if (invoke is null || invoke.Parameters.Any(parameter => parameter.RefKind != RefKind.None))
        {
            return null;
        }

        // Name the lambda's parameters after the target method's, which read better than the delegate's (obj, arg1).
        var target = model.GetSymbolInfo(methodGroup).Symbol as IMethodSymbol;
        var parameterNames = invoke.Parameters
            .Select((parameter, i) => names.Next(target is not null && i < target.Parameters.Length ? target.Parameters[i].Name : parameter.Name))
            .ToList();
        var call = InvocationExpression(
            methodGroup.WithoutTrivia(),
            ArgumentList(SeparatedList(parameterNames.Select(name => Argument(IdentifierName(name))))));
        StatementSyntax statement = invoke.ReturnsVoid ? ExpressionStatement(call) : ReturnStatement(call);
        var block = body.Wrap(SingletonList(statement));

        return parameterNames.Count == 1
            ? SimpleLambdaExpression(Parameter(Identifier(parameterNames[0]))).WithBlock(block)
            : ParenthesizedLambdaExpression()
                .WithParameterList(ParameterList(SeparatedList(parameterNames.Select(name => Parameter(Identifier(name))))))
                .WithBlock(block);
    }
}
