using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX004: (1) await the work, when the enclosing function is async (registered first: the most conservative);
/// (2) capture the caller's ActivityContext and start the work's activity with it as the explicit parent;
/// (3) the same as a new root linked to it. (2) and (3) need exactly one ActivitySource visible in the type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FireAndForgetFix)), Shared]
public sealed class FireAndForgetFix : CodeFixProvider
{
    public const string AwaitTitle = "Await the work";
    public const string ExplicitParentTitle = "Start the work's Activity as an explicit child of the caller's";
    public const string LinkedRootTitle = "Start the work's Activity as a new trace linked to the caller's";
    public const string AwaitKey = "ActivityFlow.ACTX004.Await";
    public const string ExplicitParentKey = "ActivityFlow.ACTX004.ExplicitParent";
    public const string LinkedRootKey = "ActivityFlow.ACTX004.LinkedRoot";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FireAndForgetOutlivesActivity);

    // Document-based: each document is fixed in one pass; Document, Project and Solution scopes.
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (AwaitableStatement(root, model, diagnostic, context.CancellationToken) is not null)
            {
                Register(context, diagnostic, AwaitTitle, AwaitKey);
            }

            if (ActivityReattachRewriter.CanRewrite(root, diagnostic) && FindActivitySource(root, model, diagnostic) is not null)
            {
                Register(context, diagnostic, ExplicitParentTitle, ExplicitParentKey);
                Register(context, diagnostic, LinkedRootTitle, LinkedRootKey);
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, cancellationToken => FixDocumentAsync(context.Document, new[] { diagnostic }, key, cancellationToken), key),
            diagnostic);

    private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        if (key == AwaitKey)
        {
            return await AwaitAllAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        }

        if (key != ExplicitParentKey && key != LinkedRootKey)
        {
            return document;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        // The ActivitySource is resolved on the original document; the rewriter then works target by target.
        var sources = diagnostics
            .Where(ActivityReattachRewriter.HasFixableDelegate)
            .Select(diagnostic => (Diagnostic: diagnostic, Source: FindActivitySource(root, model, diagnostic)))
            .Where(pair => pair.Source is not null)
            .ToList();
        var linked = key == LinkedRootKey;
        return await ActivityReattachRewriter.FixDocumentAsync(
            document,
            sources.Select(pair => pair.Diagnostic),
            (currentModel, generator, names, statement, target) =>
            {
                var source = FindActivitySource(currentModel, statement.SpanStart);
                return source is null
                    ? null
                    : ExplicitParentBody.Create(currentModel, generator, names, IdentifierName(source.Name), ActivityName(currentModel, statement, target), linked);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>Task.Run(..);</c> / <c>_ = Task.Run(..);</c> become <c>await Task.Run(..);</c> (StartNew of an async delegate is unwrapped).</summary>
    private static async Task<Document> AwaitAllAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var statements = diagnostics
            .Select(diagnostic => AwaitableStatement(root, model, diagnostic, cancellationToken))
            .OfType<ExpressionStatementSyntax>()
            .Distinct();
        foreach (var statement in statements)
        {
            var task = TaskOf(statement).WithoutTrivia();
            if (model.GetTypeInfo(TaskOf(statement), cancellationToken).Type is INamedTypeSymbol { Name: "Task", TypeArguments.Length: 1 } taskType
                && taskType.TypeArguments[0].Name == "Task")
            {
                task = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, IdentifierName("Unwrap")));
            }

            editor.ReplaceNode(statement, ExpressionStatement(AwaitExpression(task)).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The statement that discards the task, when the analyzer marked it awaitable and the enclosing function is async.</summary>
    private static ExpressionStatementSyntax? AwaitableStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.ContainsKey(FireAndForgetOutlivesActivityAnalyzer.AwaitableProperty))
        {
            return null;
        }

        var statement = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>();
        if (statement is null || model.GetEnclosingSymbol(statement.SpanStart, cancellationToken) is not IMethodSymbol { IsAsync: true })
        {
            return null;
        }

        foreach (var ancestor in statement.Ancestors())
        {
            if (ancestor is LockStatementSyntax)
            {
                return null;
            }

            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                break;
            }
        }

        return statement;
    }

    private static ExpressionSyntax TaskOf(ExpressionStatementSyntax statement) =>
        statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
            ? discard.Right
            : statement.Expression;

    private static ISymbol? FindActivitySource(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        var statement = ActivityReattachRewriter.ContainingStatement(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true));
        return statement is null ? null : FindActivitySource(model, statement.SpanStart);
    }

    /// <summary>The one ActivitySource field or property visible at the position (static only in a static context), else null.</summary>
    private static ISymbol? FindActivitySource(SemanticModel model, int position)
    {
        var activitySource = model.Compilation.GetTypeByMetadataName("System.Diagnostics.ActivitySource");
        if (activitySource is null)
        {
            return null;
        }

        var isStaticContext = model.GetEnclosingSymbol(position) is { } enclosing && IsStatic(enclosing);
        ISymbol? found = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null || !SymbolEqualityComparer.Default.Equals(type, activitySource) || (isStaticContext && !symbol.IsStatic))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = symbol;
        }

        return found;
    }

    private static bool IsStatic(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is IMethodSymbol { MethodKind: not (MethodKind.AnonymousFunction or MethodKind.LocalFunction) } method)
            {
                return method.IsStatic;
            }
        }

        return false;
    }

    /// <summary>The new activity's name: the method a method group names, else the enclosing member's name + " background work".</summary>
    private static string ActivityName(SemanticModel model, StatementSyntax statement, ExpressionSyntax target)
    {
        if (target is not AnonymousFunctionExpressionSyntax && model.GetSymbolInfo(target).Symbol is IMethodSymbol method)
        {
            return method.Name;
        }

        var member = model.GetEnclosingSymbol(statement.SpanStart);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            member = member.ContainingSymbol;
        }

        var name = member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet } accessor ? accessor.AssociatedSymbol?.Name : member?.Name;
        return (string.IsNullOrEmpty(name) || name!.StartsWith("<", System.StringComparison.Ordinal) ? "Background" : name) + " background work";
    }
}
