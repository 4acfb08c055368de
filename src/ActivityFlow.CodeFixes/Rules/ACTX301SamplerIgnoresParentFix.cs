using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static ActivityFlow.CodeFixes.FixSyntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX301: <c>SetSampler(x)</c> becomes <c>SetSampler(new ParentBasedSampler(x))</c>, and <c>SetSampler&lt;T&gt;()</c> becomes
/// <c>SetSampler(new ParentBasedSampler(new T()))</c>: the parent's decision is followed, the sampler decides for roots.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX301SamplerIgnoresParentFix)), Shared]
public sealed class ACTX301SamplerIgnoresParentFix : DocumentRewriteFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SamplerIgnoresParent);

    protected override string Title => "Wrap the sampler in ParentBasedSampler";

    protected override string EquivalenceKey => "ActivityFlow.WrapInParentBasedSampler";

    // SetSampler<T>() can be rewritten only when T has a public parameterless constructor.
    protected override bool ChecksBeforeOffering => true;

    internal override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
            ? generic.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 0 } invocation ? invocation : null
            : node as ExpressionSyntax;
    }

    internal override async Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var parentBased = ActivityFlowModel.For(editor.SemanticModel.Compilation)?.Symbols.ParentBasedSampler;
        if (parentBased is null)
        {
            return null;
        }

        var generator = editor.Generator;
        if (target is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } member } invocation)
        {
            if (editor.SemanticModel.GetTypeInfo(generic.TypeArgumentList.Arguments[0], cancellationToken).Type is not INamedTypeSymbol samplerType
                || !samplerType.InstanceConstructors.Any(constructor => constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public))
            {
                return null;
            }

            var sampler = generator.ObjectCreationExpression(generic.TypeArgumentList.Arguments[0].WithoutTrivia());
            var wrapped = (ExpressionSyntax)generator.ObjectCreationExpression(TypeReference(generator, parentBased), sampler);
            editor.ReplaceNode(invocation, invocation
                .WithExpression(member.WithName(IdentifierName(generic.Identifier)))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(wrapped))))
                .WithAdditionalAnnotations(Formatter.Annotation));
            return editor.GetChangedDocument();
        }

        if (target is not ExpressionSyntax expression)
        {
            return null;
        }

        editor.ReplaceNode(expression, ((ExpressionSyntax)generator.ObjectCreationExpression(TypeReference(generator, parentBased), expression.WithoutTrivia()))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }
}
