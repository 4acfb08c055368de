namespace ActivityFlow.Analyzers;

/// <summary>Every rule's help link points at its page under docs/rules.</summary>
public static class RuleHelp
{
    public const string DocsBaseUri = "https://github.com/activityflow/ActivityFlow/blob/main/docs/rules/";

    public static string GetHelpUri(string id) => DocsBaseUri + id + ".md";
}
