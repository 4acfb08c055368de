namespace ActivityFlow.Internal
{
    /// <summary>Telemetry categories, as Sentry's rate limits and client reports name them.</summary>
    internal enum DataCategory
    {
        Transaction,
        Span,
        Internal,
    }

    /// <summary>Client report discard reasons (Sentry's names, see <see cref="Discards.Name(DiscardReason)"/>).</summary>
    internal enum DiscardReason
    {
        QueueOverflow,
        NetworkError,
        InternalSdkError,
        InsufficientData,
    }

    internal static class Discards
    {
        public static string Name(DataCategory c) => c switch
        {
            DataCategory.Transaction => "transaction",
            DataCategory.Span => "span",
            _ => "internal",
        };

        public static string Name(DiscardReason r) => r switch
        {
            DiscardReason.QueueOverflow => "queue_overflow",
            DiscardReason.NetworkError => "network_error",
            DiscardReason.InternalSdkError => "internal_sdk_error",
            _ => "insufficient_data",
        };
    }
}
