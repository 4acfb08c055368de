namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// Reads why a transaction was promoted because its parent never arrived. The shared contract says
/// <c>contexts.trace.data["activityflow.promoted"]</c> = "parent_timeout" | "pending_overflow" | "flush";
/// the package as built (runtime branch at 052e308) writes <c>"activityflow.promotion"</c> =
/// "pending_timeout" | "pending_overflow" | "flush" instead. Until one side changes, both spellings
/// are read here, in this one place, and reported in the contract's words.
/// </summary>
public static class PromotionMarkers
{
    public const string ParentAlreadySent = "sentry.parent_span_already_sent";
    public const string ContractKey = "activityflow.promoted";
    public const string BuiltKey = "activityflow.promotion";

    /// <summary>"parent_timeout", "pending_overflow", "flush", or null when there is no such marker.</summary>
    public static string? OrphanPromotionReason(ReceivedTransaction transaction) =>
        transaction.DataString(ContractKey) ?? transaction.DataString(BuiltKey) switch
        {
            "pending_timeout" => "parent_timeout",
            "pending_overflow" => "pending_overflow",
            "flush" => "flush",
            _ => null,
        };
}
