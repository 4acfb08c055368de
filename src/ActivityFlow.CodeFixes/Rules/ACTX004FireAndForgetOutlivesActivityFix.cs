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
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX004: (1) await the work, when the enclosing function is async (registered first: the most conservative);
/// (2) capture the caller's ActivityContext and start the work's activity with it as the explicit parent;
/// (3) the same as a new root linked to it. (2) and (3) need exactly one ActivitySource visible in the type.
/// The first action of every diagnostic shares one equivalence key, "recommended": its Fix All (what
/// <c>dotnet format</c> applies) awaits where the function is async and uses (2) elsewhere.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX004FireAndForgetOutlivesActivityFix)), Shared]
public sealed class ACTX004FireAndForgetOutlivesActivityFix : CodeFixProvider
{
    public const string AwaitTitle = "Await the work";
    public const string ExplicitParentTitle = "Start the work's Activity as an explicit child of the caller's";
    public const string LinkedRootTitle = "Start the work's Activity as a new trace linked to the caller's";
    public const string RecommendedKey = "ActivityFlow.ACTX004.Recommended";
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
            var canAwait = AwaitableStatement(root, model, diagnostic, context.CancellationToken) is not null;
            var canStartActivity = ActivityReattachRewriter.CanRewrite(root, diagnostic) && FindActivitySource(root, model, diagnostic) is not null;
            if (canAwait)
            {
                Register(context, diagnostic, AwaitTitle, RecommendedKey);
            }

            if (canStartActivity)
            {
                Register(context, diagnostic, ExplicitParentTitle, canAwait ? ExplicitParentKey : RecommendedKey);
                Register(context, diagnostic, LinkedRootTitle, LinkedRootKey);
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, cancellationToken => FixDocumentAsync(context.Document, new[] { diagnostic }, key, cancellationToken), key),
            diagnostic);

    /// <summary>
    /// Fixes the document's diagnostics with one strategy (by key), one target after the other: the statement to
    /// await, or the delegate to rewrite.
    /// </summary>
    private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || key is not (RecommendedKey or ExplicitParentKey or LinkedRootKey))
        {
            return document;
        }

        var targets = new List<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            var statement = key == RecommendedKey ? AwaitableStatement(root, model, diagnostic, cancellationToken) : null;
            if (statement is not null)
            {
                targets.Add(statement);
            }
            else if (ActivityReattachRewriter.CanRewrite(root, diagnostic) && FindActivitySource(root, model, diagnostic) is not null)
            {
                targets.Add(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true));
            }
        }

        var linked = key == LinkedRootKey;
        return await TrackedTargets.FixEachAsync(
            document,
            root,
            targets,
            (current, target, token) => target is ExpressionStatementSyntax statement
                ? AwaitAsync(current, statement, token)
                : ActivityReattachRewriter.FixOneAsync(current, (ExpressionSyntax)target, (currentModel, generator, names, hostStatement, work) => StartActivityWrapper(currentModel, generator, names, hostStatement, work, linked), token),
            cancellationToken).ConfigureAwait(false);
    }

    private static WorkWrapper? StartActivityWrapper(SemanticModel model, SyntaxGenerator generator, UniqueNames names, StatementSyntax statement, ExpressionSyntax target, bool linked)
    {
        var source = FindActivitySource(model, statement.SpanStart);
        return source is null
            ? null
            : ExplicitParentBody.Create(model, generator, names, IdentifierName(source.Name), ActivityName(model, statement, target), linked);
    }

    /// <summary><c>Task.Run(..);</c> / <c>_ = Task.Run(..);</c> become <c>await Task.Run(..);</c> (StartNew of an async delegate is unwrapped).</summary>
    private static async Task<Document?> AwaitAsync(Document document, ExpressionStatementSyntax statement, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var task = TaskOf(statement).WithoutTrivia();
        if (model.GetTypeInfo(TaskOf(statement), cancellationToken).Type is INamedTypeSymbol { Name: "Task", TypeArguments.Length: 1 } taskType
            && taskType.TypeArguments[0].Name == "Task")
        {
            task = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, IdentifierName("Unwrap")));
        }

        editor.ReplaceNode(statement, ExpressionStatement(AwaitExpression(task)).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    /// <summary>The statement that discards the task, when the analyzer marked it awaitable and the enclosing function is async.</summary>
    private static ExpressionStatementSyntax? AwaitableStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.ContainsKey(ACTX004FireAndForgetOutlivesActivityAnalyzer.AwaitableProperty))
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
        var activitySource = ActivityFlowModel.For(model.Compilation)?.Symbols.ActivitySource;
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
