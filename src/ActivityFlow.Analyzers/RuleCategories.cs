namespace ActivityFlow.Analyzers;

/// <summary>Diagnostic categories, one per rule tier.</summary>
public static class RuleCategories
{
    public const string Context = "ActivityFlow.Context";
    public const string Messaging = "ActivityFlow.Messaging";
    public const string Lifecycle = "ActivityFlow.Lifecycle";
    public const string Configuration = "ActivityFlow.Configuration";
}
