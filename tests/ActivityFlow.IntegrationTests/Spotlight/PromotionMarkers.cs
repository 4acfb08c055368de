namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// The promotion markers the exporter writes into <c>contexts.trace.data</c> (documented in docs/runtime.md):
/// <c>sentry.parent_span_already_sent</c> for late children, and <c>activityflow.promotion</c> =
/// "pending_timeout" | "pending_overflow" | "flush" for spans whose parent never arrived.
/// </summary>
public static class PromotionMarkers
{
    public const string ParentAlreadySent = "sentry.parent_span_already_sent";
    public const string Promotion = "activityflow.promotion";

    /// <summary>"pending_timeout", "pending_overflow", "flush", or null when the parent was not missing.</summary>
    public static string? OrphanPromotionReason(ReceivedTransaction transaction) =>
        transaction.DataString(Promotion) switch
        {
            "pending_timeout" => "pending_timeout",
            "pending_overflow" => "pending_overflow",
            "flush" => "flush",
            _ => null,
        };
}
