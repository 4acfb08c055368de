using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers;

/// <summary>All diagnostic descriptors, in one place.</summary>
internal static class Descriptors
{
    public static readonly DiagnosticDescriptor UnsafeDispatchLosesActivity = new(
        DiagnosticIds.UnsafeDispatchLosesActivity,
        title: "Unsafe dispatch drops the caller's Activity",
        messageFormat: "'{0}' does not flow the execution context, in a live Activity scope ({1}): Activity.Current is null inside the work, so what it traces ({2}) starts a new, unrelated trace",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Work queued with an 'Unsafe' thread-pool or thread API runs without the caller's ExecutionContext, so Activity.Current is null there and its spans become new roots.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.UnsafeDispatchLosesActivity));

    public static readonly DiagnosticDescriptor SuppressedFlowLosesActivity = new(
        DiagnosticIds.SuppressedFlowLosesActivity,
        title: "Work started while execution-context flow is suppressed drops the caller's Activity",
        messageFormat: "'{0}' starts work while execution-context flow is suppressed (SuppressFlow on line {1}), in a live Activity scope ({2}): Activity.Current is null inside the work, so what it traces ({3}) loses the caller's trace",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inside ExecutionContext.SuppressFlow(), Task.Run, thread-pool items, threads and timers do not capture the ExecutionContext, so Activity.Current is null in the work.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.SuppressedFlowLosesActivity));

    public static readonly DiagnosticDescriptor ForeignThreadCallbackLosesActivity = new(
        DiagnosticIds.ForeignThreadCallbackLosesActivity,
        title: "Library callback on a foreign thread drops the caller's Activity",
        messageFormat: "The callback given to '{0}' runs on {1}, where Activity.Current is null, although the call is in a live Activity scope ({2}): what it traces ({3}) loses the caller's trace",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Some libraries invoke callbacks on their own threads (Confluent.Kafka runs delivery reports on librdkafka's poll thread), without the caller's ExecutionContext.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.ForeignThreadCallbackLosesActivity));

    public static readonly DiagnosticDescriptor FireAndForgetOutlivesActivity = new(
        DiagnosticIds.FireAndForgetOutlivesActivity,
        title: "Fire-and-forget work outlives its parent Activity",
        messageFormat: "'{0}' starts fire-and-forget work in a live Activity scope ({1}): the work {2} and can outlive the caller's Activity, so its spans become children of an Activity that has already ended and been exported",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Work whose task is discarded keeps the caller's Activity as its parent. When it ends after the caller, its spans are late children of an already exported span; await it, or start its activity from an explicitly captured parent context or link.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.FireAndForgetOutlivesActivity));

    public static readonly DiagnosticDescriptor TimerCapturesRequestActivity = new(
        DiagnosticIds.TimerCapturesRequestActivity,
        title: "Timer captures the caller's Activity",
        messageFormat: "'{0}' starts a timer in a live Activity scope ({1}): every tick runs with the caller's Activity as Activity.Current, long after it has stopped, so what the callback traces ({2}) is attached to a finished span",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A timer captures the ExecutionContext when it is created (System.Threading.Timer) or first enabled (System.Timers.Timer); every callback then runs with the Activity that was current at that moment, although it stopped long ago. Create the timer under ExecutionContext.SuppressFlow().",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.TimerCapturesRequestActivity));

    public static readonly DiagnosticDescriptor QueuedWorkItemLosesActivity = new(
        DiagnosticIds.QueuedWorkItemLosesActivity,
        title: "Work item handed to an in-process queue runs without the caller's Activity",
        messageFormat: "'{0}' hands a work item to an in-process queue in a live Activity scope ({1}): the consumer runs it without the caller's Activity, so what it traces ({2}) starts a new, unrelated trace",
        RuleCategories.Context,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A delegate queued through a Channel, BlockingCollection or ConcurrentQueue is invoked later by the consumer, on the consumer's execution context: the caller's Activity does not travel with it.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.QueuedWorkItemLosesActivity));

    public static readonly DiagnosticDescriptor KafkaMessageWithoutTraceContext = new(
        DiagnosticIds.KafkaMessageWithoutTraceContext,
        title: "Kafka message produced without trace context",
        messageFormat: "'{0}' produces a message whose headers carry no trace context, in a live Activity scope ({1}): the consumer cannot continue this trace and starts a new one",
        RuleCategories.Messaging,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Confluent.Kafka neither injects nor extracts trace context. Without a 'traceparent' (and 'tracestate') header, or a propagator Inject into the message headers, the consumer's spans start a new, unrelated trace.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.KafkaMessageWithoutTraceContext));
    public static readonly DiagnosticDescriptor ConsumedMessageLosesTraceContext = new(
        DiagnosticIds.ConsumedMessageLosesTraceContext,
        title: "Kafka message consumed without restoring its trace context",
        messageFormat: "The message consumed into '{0}' is processed under an Activity that {1}: extract the context from the message headers and pass it as the parent when the Activity is created",
        RuleCategories.Messaging,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Confluent.Kafka does not propagate trace context by itself. A consumer must read traceparent/tracestate from the message headers and start its processing Activity with that parent, or the consumer's spans start a new, unrelated trace.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.ConsumedMessageLosesTraceContext));

    public static readonly DiagnosticDescriptor CurrentActivityNotRestored = new(
        DiagnosticIds.CurrentActivityNotRestored,
        title: "Activity.Current assigned without restore",
        messageFormat: "'Activity.Current = {0}' is not undone on every path: restore the previous value in a finally block, or it stays the current Activity for the caller and all code that runs after it",
        RuleCategories.Lifecycle,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Activity.Current is an AsyncLocal. Set in synchronous code, the new value stays in the execution context after the method returns or throws, so unrelated later work is traced under it.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.CurrentActivityNotRestored));

    public static readonly DiagnosticDescriptor StartedActivityNeverStopped = new(
        DiagnosticIds.StartedActivityNeverStopped,
        title: "Activity never stopped",
        messageFormat: "The Activity {0} {1}: it is never exported and stays Activity.Current for the code that follows",
        RuleCategories.Lifecycle,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An Activity is exported when it stops. A started Activity that is not stopped or disposed on every path (exceptions included) is lost, and it stays Activity.Current, so later spans become its children.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.StartedActivityNeverStopped));

    public static readonly DiagnosticDescriptor ParentSetAfterStart = new(
        DiagnosticIds.ParentSetAfterStart,
        title: "Parent set after the Activity started",
        messageFormat: "SetParentId on {0} comes after it started: the runtime ignores it and the Activity keeps the parent it got at start; pass the parent when the Activity is created",
        RuleCategories.Lifecycle,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An Activity takes its parent when it starts. Activity.SetParentId on a started Activity is ignored (the runtime throws and swallows an InvalidOperationException), so the span lands in the wrong trace.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.ParentSetAfterStart));

    public static readonly DiagnosticDescriptor SamplerIgnoresParent = new(
        DiagnosticIds.SamplerIgnoresParent,
        title: "Sampler ignores the parent's sampling decision",
        messageFormat: "'{0}' decides for every span on its own: children are recorded whose parents were dropped, and dropped whose parents were recorded; wrap it in ParentBasedSampler",
        RuleCategories.Configuration,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A sampler that is not parent-based samples each span independently, so traces arrive with holes. ParentBasedSampler follows the parent's decision and uses the given sampler only for root spans.",
        helpLinkUri: RuleHelp.GetHelpUri(DiagnosticIds.SamplerIgnoresParent));
}
