namespace ActivityFlow.Analyzers;

/// <summary>Stable rule IDs. Tiers: 0xx in-process flow, 1xx messaging, 2xx activity lifecycle, 3xx pipeline.</summary>
public static class DiagnosticIds
{
    public const string UnsafeDispatchLosesActivity = "ACTX001";
    public const string SuppressedFlowLosesActivity = "ACTX002";
    public const string ForeignThreadCallbackLosesActivity = "ACTX003";
    public const string FireAndForgetOutlivesActivity = "ACTX004";
    public const string TimerCapturesRequestActivity = "ACTX005";
    public const string QueuedWorkItemLosesActivity = "ACTX006";
    public const string KafkaMessageWithoutTraceContext = "ACTX101";
    public const string ConsumedMessageLosesTraceContext = "ACTX102";
    public const string CurrentActivityNotRestored = "ACTX201";
    public const string StartedActivityNeverStopped = "ACTX202";
    public const string ParentSetAfterStart = "ACTX203";
    public const string SamplerIgnoresParent = "ACTX301";
}
