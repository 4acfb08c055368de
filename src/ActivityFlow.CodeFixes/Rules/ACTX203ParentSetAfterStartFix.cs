using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>ACTX203: pass the parent when the Activity is created instead of setting it after the start.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX203ParentSetAfterStartFix)), Shared]
public sealed class ACTX203ParentSetAfterStartFix : DocumentRewriteFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ParentSetAfterStart);

    protected override string Title => "Pass the parent when the Activity is created";

    protected override string EquivalenceKey => "ActivityFlow.PassParentAtCreation";

    protected override bool ChecksBeforeOffering => true;

    internal override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic) =>
        ParentAtCreationRewriter.FindSetParentStatement(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));

    internal override Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken) =>
        ParentAtCreationRewriter.FixAsync(document, target, cancellationToken);
}
