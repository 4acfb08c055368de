using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers.Infrastructure;
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
/// </summary>
internal static class ActivityReattachRewriter
{
    private const string TargetAnnotationKind = "ActivityFlow.ReattachTarget";

    public static bool HasFixableDelegate(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(DiagnosticLocations.FixableDelegate) && diagnostic.AdditionalLocations.Count > 0;

    /// <summary>
    /// Fixes every diagnostic of one document. Each fix runs on the document the previous one produced, so
    /// names stay unique and edits compose; targets are tracked by annotation across the rewrites.
    /// </summary>
    public static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
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
            .Distinct()
            .ToList();
        if (targets.Count == 0)
        {
            return document;
        }

        var annotations = targets.ToDictionary(target => target, target => new SyntaxAnnotation(TargetAnnotationKind));
        document = document.WithSyntaxRoot(root.ReplaceNodes(targets, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));

        // Innermost last: a target nested in another target's lambda is rewritten before its container moves.
        foreach (var annotation in annotations.OrderByDescending(pair => pair.Key.SpanStart).Select(pair => pair.Value))
        {
            var currentRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = currentRoot?.GetAnnotatedNodes(annotation).OfType<ExpressionSyntax>().FirstOrDefault();
            if (target is not null)
            {
                document = await FixOneAsync(document, target, cancellationToken).ConfigureAwait(false) ?? document;
            }
        }

        return document;
    }

    /// <summary>True when the delegate sits in a statement the capture can be inserted before.</summary>
    public static bool CanRewrite(SyntaxNode root, Diagnostic diagnostic) =>
        HasFixableDelegate(diagnostic)
        && root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax target
        && ContainingStatement(target) is not null;

    private static StatementSyntax? ContainingStatement(SyntaxNode target)
    {
        var statement = target.Parent?.FirstAncestorOrSelf<StatementSyntax>();
        return statement?.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax
            or IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or ForStatementSyntax
            or ForEachStatementSyntax or UsingStatementSyntax or LockStatementSyntax or DoStatementSyntax
            ? statement
            : null;
    }

    private static async Task<Document?> FixOneAsync(Document document, ExpressionSyntax target, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var activityType = model?.Compilation.GetTypeByMetadataName("System.Diagnostics.Activity");
        var statement = ContainingStatement(target);
        if (model is null || activityType is null || statement is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var names = new UniqueNames(model, statement);
        var body = new ReattachBody(editor.Generator, activityType, model.Compilation.GetTypeByMetadataName("ActivityFlow.ActivityScope"), names);

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
        var capture = ((StatementSyntax)editor.Generator.LocalDeclarationStatement(body.CapturedName, body.ActivityCurrent()))
            .WithAdditionalAnnotations(Formatter.Annotation);
        InsertBefore(editor, statement, capture);
        return editor.GetChangedDocument();
    }

    private static void InsertBefore(DocumentEditor editor, StatementSyntax statement, StatementSyntax capture)
    {
        switch (statement.Parent)
        {
            case BlockSyntax or SwitchSectionSyntax:
                editor.InsertBefore(statement, capture);
                break;
            case GlobalStatementSyntax global:
                editor.InsertBefore(global, GlobalStatement(capture));
                break;
            default:
                // An embedded statement (if/while/... without braces) becomes a block holding both.
                editor.ReplaceNode(statement, (current, _) => Block(capture, (StatementSyntax)current).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    private static ExpressionSyntax RewriteFunction(AnonymousFunctionExpressionSyntax function, SemanticModel model, ReattachBody body)
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

    private static ExpressionSyntax? RewriteMethodGroup(ExpressionSyntax methodGroup, SemanticModel model, ReattachBody body, UniqueNames names)
    {
        var invoke = (model.GetTypeInfo(methodGroup).ConvertedType as INamedTypeSymbol)?.DelegateInvokeMethod;
        if (invoke is null || invoke.Parameters.Any(parameter => parameter.RefKind != RefKind.None))
        {
            return null;
        }

        var parameterNames = invoke.Parameters.Select(parameter => names.Next(parameter.Name)).ToList();
        var call = InvocationExpression(
            methodGroup.WithoutTrivia(),
            ArgumentList(SeparatedList(parameterNames.Select(name => Argument(IdentifierName(name))))));
        StatementSyntax statement = invoke.ReturnsVoid ? ExpressionStatement(call) : ReturnStatement(call);

        return ParenthesizedLambdaExpression()
            .WithParameterList(ParameterList(SeparatedList(parameterNames.Select(name => Parameter(Identifier(name))))))
            .WithBlock(body.Wrap(SingletonList(statement)));
    }
}
