using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Recognises the capture the code fixes insert: a local initialised from <c>Activity.Current</c> (or its
/// <c>Context</c>) whose every use re-attaches it (<c>Activity.Current = x</c>, <c>ActivityScope.Enter(x)</c>) or parents or
/// links a new activity (<c>StartActivity(.., x)</c>, <c>new ActivityLink(x)</c>). Such a read hands the context on; it is
/// not evidence that the surrounding code runs in a live Activity scope, so a fix's output never triggers another rule.
/// </summary>
internal static class ContextCapture
{
    public static bool IsHandOffCapture(IOperation currentRead, KnownSymbols symbols)
    {
        var local = CapturingLocal(currentRead);
        if (local is null)
        {
            return false;
        }

        var references = BodyIndex.Of(currentRead).ReferencesTo(local);
        foreach (var reference in references)
        {
            if (!IsHandOff(reference, symbols))
            {
                return false;
            }
        }

        return references.Count > 0;
    }

    /// <summary>The local whose initializer is this read, possibly through <c>?.Context</c>, <c>?? default</c> and conversions.</summary>
    private static ILocalSymbol? CapturingLocal(IOperation read)
    {
        var current = read.Parent;
        while (current is IConditionalAccessOperation or IConditionalAccessInstanceOperation or ICoalesceOperation
            or IConversionOperation or IPropertyReferenceOperation { Property.Name: "Context" })
        {
            current = current.Parent;
        }

        return current is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    private static bool IsHandOff(ILocalReferenceOperation reference, KnownSymbols symbols)
    {
        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        switch (parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value.Syntax == reference.Syntax || assignment.Value == reference:
                return ActivityCalls.IsCurrent(assignment.Target, symbols);

            case IArgumentOperation { Parent: IInvocationOperation invocation }:
                var method = invocation.TargetMethod;
                return ActivityCalls.IsScopeEnter(method, symbols)
                    || ActivityCalls.IsSourceCreation(method, symbols);

            case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                return creation.Type?.Name == "ActivityLink" && creation.Type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics";

            default:
                return false;
        }
    }
}
