using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>ACTX001–ACTX003, ACTX006: capture Activity.Current before the hand-off and re-attach it inside the work.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CaptureAndRestoreActivityFix)), Shared]
public sealed class CaptureAndRestoreActivityFix : CodeFixProvider
{
    public const string Title = "Capture and restore Activity.Current";
    public const string EquivalenceKey = "ActivityFlow.CaptureAndRestoreActivity";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.UnsafeDispatchLosesActivity,
        DiagnosticIds.SuppressedFlowLosesActivity,
        DiagnosticIds.ForeignThreadCallbackLosesActivity,
        DiagnosticIds.QueuedWorkItemLosesActivity);

    // Document-based: each document is fixed in one pass; Document, Project and Solution scopes.
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await ActivityReattachRewriter.FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!ActivityReattachRewriter.CanRewrite(root, diagnostic))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    cancellationToken => ActivityReattachRewriter.FixDocumentAsync(context.Document, new[] { diagnostic }, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
