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
/// ACTX101: injects the caller's trace context into the Kafka message headers just before the produce call:
/// through OpenTelemetry.Api's default propagator when the compilation references it, else as W3C
/// <c>traceparent</c>/<c>tracestate</c> from <c>Activity.Current</c>. Creates the headers when there are none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX101KafkaMessageWithoutTraceContextFix)), Shared]
public sealed class ACTX101KafkaMessageWithoutTraceContextFix : SingleActionFix
{
    public const string Title = "Inject the trace context into the message headers";
    public const string EquivalenceKey = "ActivityFlow.ACTX101.InjectTraceContext";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.KafkaMessageWithoutTraceContext);

    private protected override string ActionTitle => Title;

    private protected override string ActionEquivalenceKey => EquivalenceKey;

    private protected override bool CanFix(SyntaxNode root, Diagnostic diagnostic) => FindMessage(root, diagnostic) is not null;

    private static ExpressionSyntax? FindMessage(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        var message = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) switch
        {
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression => expression,
            _ => null,
        };
        return message is BaseObjectCreationExpressionSyntax or IdentifierNameSyntax && ActivityReattachRewriter.ContainingStatement(message) is not null
            ? message
            : null;
    }

    private protected override async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var targets = diagnostics.Select(diagnostic => FindMessage(root, diagnostic)).OfType<ExpressionSyntax>().ToList();
        return await TrackedTargets.FixEachAsync(document, root, targets, FixOneAsync, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document?> FixOneAsync(Document document, ExpressionSyntax message, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var statement = ActivityReattachRewriter.ContainingStatement(message);
        if (model is null || statement is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var names = new UniqueNames(model, statement);
        var symbols = ActivityFlowModel.For(model.Compilation)?.Symbols;
        var useOpenTelemetry = symbols?.OpenTelemetryPropagators is not null
            && symbols.OpenTelemetryPropagationContext is not null
            && symbols.OpenTelemetryBaggage is not null;

        var inserted = new List<StatementSyntax>();
        string headers;
        if (message is BaseObjectCreationExpressionSyntax creation)
        {
            // var headers = <the initializer's Headers, or new Headers()>; … new Message<K, V> { …, Headers = headers }
            headers = names.Next("headers");
            var existing = HeadersAssignment(creation);
            var value = existing?.Right.WithoutTrivia() ?? AnnotateTypeNames(ParseExpression("new global::Confluent.Kafka.Headers()"), model.Compilation, editor.Generator);
            inserted.Add((StatementSyntax)editor.Generator.LocalDeclarationStatement(headers, value));
            editor.ReplaceNode(creation, WithHeaders(creation, existing, headers).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            // message.Headers ??= new Headers();
            headers = message.WithoutTrivia().ToString() + ".Headers";
            inserted.Add(ParseStatement(headers + " ??= new global::Confluent.Kafka.Headers();"));
        }

        inserted.Add(useOpenTelemetry ? PropagatorInject(headers, names) : W3CHeaders(headers, names));
        ActivityReattachRewriter.InsertBefore(
            editor,
            statement,
            inserted.Select(s => AnnotateTypeNames(s, model.Compilation, editor.Generator).WithTrailingTrivia(ElasticLineFeed).WithAdditionalAnnotations(Formatter.Annotation)).ToArray());
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// Replaces each <c>global::</c>-qualified type name in parsed code by a type reference for the simplifier and the
    /// import adder, so it is shortened and its using added only when missing.
    /// </summary>
    private static T AnnotateTypeNames<T>(T node, Compilation compilation, SyntaxGenerator generator)
        where T : SyntaxNode =>
        node.ReplaceNodes(
            node.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Where(name => QualifiedTypeNames.Contains(name.ToString())),
            (original, rewritten) => compilation.GetTypeByMetadataName(original.ToString().Substring("global::".Length)) is { } type
                ? generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation).WithTriviaFrom(original)
                : rewritten);

    private static readonly HashSet<string> QualifiedTypeNames = new(System.StringComparer.Ordinal)
    {
        "global::Confluent.Kafka.Headers",
        "global::System.Diagnostics.Activity",
        "global::System.Diagnostics.ActivityIdFormat",
        "global::System.Text.Encoding",
        "global::OpenTelemetry.Context.Propagation.Propagators",
        "global::OpenTelemetry.Context.Propagation.PropagationContext",
        "global::OpenTelemetry.Baggage",
    };

    private static AssignmentExpressionSyntax? HeadersAssignment(BaseObjectCreationExpressionSyntax creation) =>
        creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(assignment => assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "Headers" });

    private static BaseObjectCreationExpressionSyntax WithHeaders(BaseObjectCreationExpressionSyntax creation, AssignmentExpressionSyntax? existing, string headers)
    {
        if (existing is not null)
        {
            return creation.ReplaceNode(existing.Right, IdentifierName(headers).WithTriviaFrom(existing.Right));
        }

        var assignment = AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("Headers"), IdentifierName(headers));
        var initializer = creation.Initializer is null
            ? InitializerExpression(SyntaxKind.ObjectInitializerExpression, SingletonSeparatedList<ExpressionSyntax>(assignment))
            : creation.Initializer.AddExpressions(assignment);
        return creation.WithInitializer(initializer);
    }

    /// <summary><c>Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(..), headers, (carrier, key, value) => carrier.Add(..))</c></summary>
    private static StatementSyntax PropagatorInject(string headers, UniqueNames names)
    {
        var carrier = names.Next("carrier");
        var key = names.Next("key");
        var value = names.Next("value");
        return ParseStatement(
            "global::OpenTelemetry.Context.Propagation.Propagators.DefaultTextMapPropagator.Inject("
            + "new global::OpenTelemetry.Context.Propagation.PropagationContext(global::System.Diagnostics.Activity.Current?.Context ?? default, global::OpenTelemetry.Baggage.Current), "
            + headers + ", "
            + "(" + carrier + ", " + key + ", " + value + ") => " + carrier + ".Add(" + key + ", global::System.Text.Encoding.UTF8.GetBytes(" + value + ")));");
    }

    /// <summary>W3C trace context from Activity.Current: <c>traceparent</c> from its Id, <c>tracestate</c> from TraceStateString.</summary>
    private static StatementSyntax W3CHeaders(string headers, UniqueNames names)
    {
        var current = names.Next("current");
        var traceParent = names.Next("traceParent");
        var traceState = names.Next("traceState");
        return ParseStatement(
            "if (global::System.Diagnostics.Activity.Current is { IdFormat: global::System.Diagnostics.ActivityIdFormat.W3C, Id: { } " + traceParent + " } " + current + ")\n"
            + "{\n"
            + "    " + headers + ".Add(\"traceparent\", global::System.Text.Encoding.UTF8.GetBytes(" + traceParent + "));\n"
            + "    if (" + current + ".TraceStateString is { } " + traceState + ")\n"
            + "    {\n"
            + "        " + headers + ".Add(\"tracestate\", global::System.Text.Encoding.UTF8.GetBytes(" + traceState + "));\n"
            + "    }\n"
            + "}\n");
    }
}
