using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using ActivityFlow.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static ActivityFlow.CodeFixes.FixSyntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX102: extract the trace context from the consumed message's headers and pass it as the parent when the Activity
/// is created. With OpenTelemetry.Api referenced: <c>Propagators.DefaultTextMapPropagator.Extract(..)</c> (W3C trace
/// context and baggage, or whatever propagator the application configured); otherwise <c>ActivityContext.TryParse</c>
/// of the <c>traceparent</c>/<c>tracestate</c> headers. A parent set with SetParentId after the start is moved into the
/// creation call instead.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX102ConsumedMessageLosesTraceContextFix)), Shared]
public sealed class ACTX102ConsumedMessageLosesTraceContextFix : DocumentRewriteFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConsumedMessageLosesTraceContext);

    protected override string Title => "Start the Activity with the message's trace context as parent";

    protected override string EquivalenceKey => "ActivityFlow.ExtractMessageContext";

    protected override bool ChecksBeforeOffering => true;

    internal override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        diagnostic.Properties.TryGetValue(ACTX102ConsumedMessageLosesTraceContextAnalyzer.ShapeProperty, out var shape);
        return shape switch
        {
            ACTX102ConsumedMessageLosesTraceContextAnalyzer.SetParentShape => ParentAtCreationRewriter.FindSetParentStatement(node),
            ACTX102ConsumedMessageLosesTraceContextAnalyzer.StartShape => node.FirstAncestorOrSelf<InvocationExpressionSyntax>(),
            _ => null,
        };
    }

    internal override async Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        if (target is ExpressionStatementSyntax)
        {
            return await ParentAtCreationRewriter.FixAsync(document, target, cancellationToken).ConfigureAwait(false);
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var symbols = ActivityFlowModel.For(model.Compilation)?.Symbols;
        var statement = target.FirstAncestorOrSelf<StatementSyntax>();
        if (symbols is null || statement?.Parent is not BlockSyntax
            || model.GetOperation(target, cancellationToken) is not IInvocationOperation start
            || KafkaConsume.ResultBefore(start, symbols) is not { } result)
        {
            return null;
        }

        // result.Message.Headers, read as the code that processes the message reads it: `?.` here would make the
        // compiler treat `result` as maybe-null in that code (CS8602 on every later `result.Message`).
        var names = new UniqueNames(model, statement);
        var resultName = SyntaxFacts.GetKeywordKind(result.Name) == SyntaxKind.None ? result.Name : "@" + result.Name;
        var headers = ParseExpression(resultName + ".Message.Headers");
        var extraction = symbols.OpenTelemetryPropagators is { } propagators
            ? PropagatorExtraction(editor.Generator, model.Compilation, symbols, propagators, headers, names)
            : TraceparentExtraction(editor.Generator, symbols, headers, names);
        if (extraction is null || !StartActivityArguments.TryAddParent(editor, start, extraction.Value.Parent, "Consumer"))
        {
            return null;
        }

        editor.InsertBefore(statement, extraction.Value.Statement.WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// <c>var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, result.Message.Headers,
    /// (headers, key) => headers != null &amp;&amp; headers.TryGetLastBytes(key, out var value) ? new[] { Encoding.UTF8.GetString(value) } : Array.Empty&lt;string&gt;());</c>
    /// (Headers is null when the consumer does not marshal headers).
    /// and the argument <c>parentContext: parentContext.ActivityContext</c>.
    /// </summary>
    private static (StatementSyntax Statement, ArgumentSyntax Parent)? PropagatorExtraction(
        SyntaxGenerator generator, Compilation compilation, KnownSymbols symbols, INamedTypeSymbol propagators, ExpressionSyntax headers, UniqueNames names)
    {
        var encoding = symbols.TextEncoding;
        var array = compilation.GetSpecialType(SpecialType.System_Array);
        if (encoding is null || array is null)
        {
            return null;
        }

        var carrier = names.Next("headers");
        var key = names.Next("key");
        var value = names.Next("value");
        var stringType = generator.TypeExpression(SpecialType.System_String);
        var found = generator.ArrayCreationExpression(stringType, new[] { Decode(generator, encoding, value) });
        var none = generator.InvocationExpression(generator.MemberAccessExpression(TypeReference(generator, array), generator.GenericName("Empty", stringType)));
        var getter = generator.ValueReturningLambdaExpression(
            new[] { generator.LambdaParameter(carrier), generator.LambdaParameter(key) },
            ConditionalExpression(
                BinaryExpression(
                    SyntaxKind.LogicalAndExpression,
                    BinaryExpression(SyntaxKind.NotEqualsExpression, IdentifierName(carrier), LiteralExpression(SyntaxKind.NullLiteralExpression)),
                    (ExpressionSyntax)TryGetLastBytes(generator, IdentifierName(carrier), IdentifierName(key), value)),
                (ExpressionSyntax)found,
                (ExpressionSyntax)none));

        var parentName = names.Next("parentContext");
        var extract = generator.InvocationExpression(
            generator.MemberAccessExpression(generator.MemberAccessExpression(TypeReference(generator, propagators), "DefaultTextMapPropagator"), "Extract"),
            LiteralExpression(SyntaxKind.DefaultLiteralExpression),
            headers,
            getter);
        var statement = (StatementSyntax)generator.LocalDeclarationStatement(parentName, extract);
        var parent = Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(parentName), IdentifierName("ActivityContext")))
            .WithNameColon(NameColon("parentContext"));
        return (statement, parent);
    }

    /// <summary>
    /// <c>ActivityContext.TryParse(result.Message.Headers.TryGetLastBytes("traceparent", out var traceparent) ? Encoding.UTF8.GetString(traceparent) : null,
    /// .. "tracestate" .., isRemote: true, out var parentContext);</c> and the argument <c>parentContext: parentContext</c>.
    /// </summary>
    private static (StatementSyntax Statement, ArgumentSyntax Parent)? TraceparentExtraction(
        SyntaxGenerator generator, KnownSymbols symbols, ExpressionSyntax headers, UniqueNames names)
    {
        var encoding = symbols.TextEncoding;
        var context = symbols.ActivityContext;
        if (encoding is null || context is null)
        {
            return null;
        }

        SyntaxNode Header(string header)
        {
            var local = names.Next(header);
            var found = (ExpressionSyntax)TryGetLastBytes(generator, headers, (ExpressionSyntax)generator.LiteralExpression(header), local);
            return ConditionalExpression(found, (ExpressionSyntax)Decode(generator, encoding, local), LiteralExpression(SyntaxKind.NullLiteralExpression));
        }

        var parentName = names.Next("parentContext");
        var arguments = new System.Collections.Generic.List<SyntaxNode> { Header("traceparent"), Header("tracestate") };
        var hasIsRemote = context.GetMembers("TryParse").OfType<IMethodSymbol>().Any(method => method.Parameters.Any(parameter => parameter.Name == "isRemote"));
        if (hasIsRemote)
        {
            arguments.Add(generator.Argument("isRemote", RefKind.None, generator.TrueLiteralExpression()));
        }

        arguments.Add(generator.Argument(RefKind.Out, DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(parentName)))));
        var parse = generator.InvocationExpression(generator.MemberAccessExpression(TypeReference(generator, context), "TryParse"), arguments);
        var parent = Argument(IdentifierName(parentName)).WithNameColon(NameColon("parentContext"));
        return ((StatementSyntax)generator.ExpressionStatement(parse), parent);
    }

    /// <summary><c>headers.TryGetLastBytes(key, out var value)</c>.</summary>
    private static SyntaxNode TryGetLastBytes(SyntaxGenerator generator, ExpressionSyntax headers, ExpressionSyntax key, string value) =>
        generator.InvocationExpression(
            generator.MemberAccessExpression(headers, "TryGetLastBytes"),
            key,
            generator.Argument(RefKind.Out, DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(value)))));

    /// <summary><c>Encoding.UTF8.GetString(value)</c>.</summary>
    private static SyntaxNode Decode(SyntaxGenerator generator, INamedTypeSymbol encoding, string value) =>
        generator.InvocationExpression(
            generator.MemberAccessExpression(generator.MemberAccessExpression(TypeReference(generator, encoding), "UTF8"), "GetString"),
            IdentifierName(value));
}
