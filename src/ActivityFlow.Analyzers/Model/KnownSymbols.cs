using System.Threading;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The framework and library types the rules look for. Only System.Diagnostics.Activity is resolved up front (no
/// Activity, nothing to lose); every other type is resolved when a rule first asks for it, once per compilation.
/// Null means the compilation does not reference that type.
/// </summary>
internal sealed class KnownSymbols
{
    /// <summary>Marks a type that was looked up and is absent (a null slot means "not looked up yet").</summary>
    private static readonly object Absent = new();

    private object? _activitySource;
    private object? _threadPool;
    private object? _thread;
    private object? _iThreadPoolWorkItem;
    private object? _cancellationToken;
    private object? _executionContext;
    private object? _asyncFlowControl;
    private object? _threadingTimer;
    private object? _task;
    private object? _taskFactory;
    private object? _taskFactoryOfT;
    private object? _iLogger;
    private object? _loggerExtensions;
    private object? _kafkaProducer;
    private object? _kafkaProducerBuilder;
    private object? _kafkaConsumer;
    private object? _tracerProviderBuilderExtensions;
    private object? _parentBasedSampler;
    private object? _kafkaConsumerBuilder;
    private object? _activityScope;
    private object? _controllerBase;
    private object? _apiControllerAttribute;
    private object? _controllerAttribute;
    private object? _nonActionAttribute;
    private object? _nonControllerAttribute;
    private object? _pageModel;
    private object? _signalRHub;
    private object? _httpContext;
    private object? _endpointRouteBuilder;
    private object? _applicationBuilder;
    private object? _channelWriter;
    private object? _blockingCollection;
    private object? _concurrentQueue;
    private object? _timersTimer;
    private object? _kafkaMessage;
    private object? _kafkaConsumeResult;
    private object? _kafkaHeaders;
    private object? _openTelemetryPropagators;
    private object? _openTelemetryPropagationContext;
    private object? _openTelemetryBaggage;
    private object? _activityContext;
    private object? _activityKind;
    private object? _activityLink;
    private object? _activityTraceFlags;
    private object? _textEncoding;

    private ActivityHelpers? _helpers;

    private KnownSymbols(Compilation compilation, INamedTypeSymbol activity)
    {
        Compilation = compilation;
        Activity = activity;
    }

    /// <summary>The compilation's (and its libraries') own methods that start an Activity for the caller or stop one it passes in.</summary>
    public ActivityHelpers Helpers => Volatile.Read(ref _helpers) ?? Interlocked.CompareExchange(ref _helpers, new ActivityHelpers(this), null) ?? _helpers!;

    public Compilation Compilation { get; }
    public INamedTypeSymbol Activity { get; }
    public INamedTypeSymbol? ActivitySource => Get(ref _activitySource, "System.Diagnostics.ActivitySource");
    public INamedTypeSymbol? ThreadPool => Get(ref _threadPool, "System.Threading.ThreadPool");
    public INamedTypeSymbol? Thread => Get(ref _thread, "System.Threading.Thread");
    public INamedTypeSymbol? IThreadPoolWorkItem => Get(ref _iThreadPoolWorkItem, "System.Threading.IThreadPoolWorkItem");
    public INamedTypeSymbol? CancellationToken => Get(ref _cancellationToken, "System.Threading.CancellationToken");
    public INamedTypeSymbol? ExecutionContext => Get(ref _executionContext, "System.Threading.ExecutionContext");
    public INamedTypeSymbol? AsyncFlowControl => Get(ref _asyncFlowControl, "System.Threading.AsyncFlowControl");
    public INamedTypeSymbol? ThreadingTimer => Get(ref _threadingTimer, "System.Threading.Timer");
    public INamedTypeSymbol? Task => Get(ref _task, "System.Threading.Tasks.Task");
    public INamedTypeSymbol? TaskFactory => Get(ref _taskFactory, "System.Threading.Tasks.TaskFactory");
    public INamedTypeSymbol? TaskFactoryOfT => Get(ref _taskFactoryOfT, "System.Threading.Tasks.TaskFactory`1");
    public INamedTypeSymbol? ILogger => Get(ref _iLogger, "Microsoft.Extensions.Logging.ILogger");
    public INamedTypeSymbol? LoggerExtensions => Get(ref _loggerExtensions, "Microsoft.Extensions.Logging.LoggerExtensions");
    public INamedTypeSymbol? KafkaProducer => Get(ref _kafkaProducer, "Confluent.Kafka.IProducer`2");
    public INamedTypeSymbol? KafkaProducerBuilder => Get(ref _kafkaProducerBuilder, "Confluent.Kafka.ProducerBuilder`2");
    public INamedTypeSymbol? KafkaConsumer => Get(ref _kafkaConsumer, "Confluent.Kafka.IConsumer`2");

    /// <summary>OpenTelemetry SDK: <c>SetSampler(..)</c> lives here.</summary>
    public INamedTypeSymbol? TracerProviderBuilderExtensions => Get(ref _tracerProviderBuilderExtensions, "OpenTelemetry.Trace.TracerProviderBuilderExtensions");

    public INamedTypeSymbol? ParentBasedSampler => Get(ref _parentBasedSampler, "OpenTelemetry.Trace.ParentBasedSampler");
    public INamedTypeSymbol? KafkaConsumerBuilder => Get(ref _kafkaConsumerBuilder, "Confluent.Kafka.ConsumerBuilder`2");

    /// <summary>The runtime package's re-attach helper; code fixes prefer it when referenced.</summary>
    public INamedTypeSymbol? ActivityScope => Get(ref _activityScope, "ActivityFlow.ActivityScope");

    // ASP.NET Core entry points (live Activity scope).
    public INamedTypeSymbol? ControllerBase => Get(ref _controllerBase, "Microsoft.AspNetCore.Mvc.ControllerBase");
    public INamedTypeSymbol? ApiControllerAttribute => Get(ref _apiControllerAttribute, "Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
    public INamedTypeSymbol? ControllerAttribute => Get(ref _controllerAttribute, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
    public INamedTypeSymbol? NonActionAttribute => Get(ref _nonActionAttribute, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
    public INamedTypeSymbol? NonControllerAttribute => Get(ref _nonControllerAttribute, "Microsoft.AspNetCore.Mvc.NonControllerAttribute");
    public INamedTypeSymbol? PageModel => Get(ref _pageModel, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
    public INamedTypeSymbol? SignalRHub => Get(ref _signalRHub, "Microsoft.AspNetCore.SignalR.Hub");
    public INamedTypeSymbol? HttpContext => Get(ref _httpContext, "Microsoft.AspNetCore.Http.HttpContext");
    public INamedTypeSymbol? EndpointRouteBuilder => Get(ref _endpointRouteBuilder, "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
    public INamedTypeSymbol? ApplicationBuilder => Get(ref _applicationBuilder, "Microsoft.AspNetCore.Builder.IApplicationBuilder");

    // In-process queues (ACTX006), timers (ACTX005), Kafka messages and propagation (ACTX101).
    public INamedTypeSymbol? ChannelWriter => Get(ref _channelWriter, "System.Threading.Channels.ChannelWriter`1");
    public INamedTypeSymbol? BlockingCollection => Get(ref _blockingCollection, "System.Collections.Concurrent.BlockingCollection`1");
    public INamedTypeSymbol? ConcurrentQueue => Get(ref _concurrentQueue, "System.Collections.Concurrent.ConcurrentQueue`1");
    public INamedTypeSymbol? TimersTimer => Get(ref _timersTimer, "System.Timers.Timer");
    public INamedTypeSymbol? KafkaMessage => Get(ref _kafkaMessage, "Confluent.Kafka.Message`2");
    public INamedTypeSymbol? KafkaConsumeResult => Get(ref _kafkaConsumeResult, "Confluent.Kafka.ConsumeResult`2");
    public INamedTypeSymbol? KafkaHeaders => Get(ref _kafkaHeaders, "Confluent.Kafka.Headers");
    public INamedTypeSymbol? OpenTelemetryPropagators => Get(ref _openTelemetryPropagators, "OpenTelemetry.Context.Propagation.Propagators");
    public INamedTypeSymbol? OpenTelemetryPropagationContext => Get(ref _openTelemetryPropagationContext, "OpenTelemetry.Context.Propagation.PropagationContext");
    public INamedTypeSymbol? OpenTelemetryBaggage => Get(ref _openTelemetryBaggage, "OpenTelemetry.Baggage");

    // What the code fixes write: parents, links, kinds and header encoding.
    public INamedTypeSymbol? ActivityContext => Get(ref _activityContext, "System.Diagnostics.ActivityContext");
    public INamedTypeSymbol? ActivityKind => Get(ref _activityKind, "System.Diagnostics.ActivityKind");
    public INamedTypeSymbol? ActivityLink => Get(ref _activityLink, "System.Diagnostics.ActivityLink");
    public INamedTypeSymbol? ActivityTraceFlags => Get(ref _activityTraceFlags, "System.Diagnostics.ActivityTraceFlags");
    public INamedTypeSymbol? TextEncoding => Get(ref _textEncoding, "System.Text.Encoding");

    /// <summary>Null when System.Diagnostics.Activity is absent: nothing can lose an Activity then.</summary>
    internal static KnownSymbols? TryCreate(Compilation compilation)
    {
        var activity = Get(compilation, "System.Diagnostics.Activity");
        return activity is null ? null : new KnownSymbols(compilation, activity);
    }

    /// <summary>
    /// Like GetTypeByMetadataName, but tolerates duplicate definitions: prefers the compilation's own
    /// type, then the single one that is accessible from it.
    /// </summary>
    public static INamedTypeSymbol? Get(Compilation compilation, string metadataName)
    {
        var direct = compilation.GetTypeByMetadataName(metadataName);
        if (direct is not null)
        {
            return direct;
        }

        INamedTypeSymbol? best = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                continue;
            }

            if (best is not null)
            {
                return null;
            }

            best = candidate;
        }

        return best;
    }

    /// <summary>Resolves a type on first use; a race resolves it twice to the same symbol, which is harmless.</summary>
    private INamedTypeSymbol? Get(ref object? slot, string metadataName)
    {
        var value = Volatile.Read(ref slot);
        if (value is null)
        {
            value = Get(Compilation, metadataName) ?? Absent;
            Volatile.Write(ref slot, value);
        }

        return value as INamedTypeSymbol;
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>True when the type is, derives from, or implements the known type.</summary>
    public static bool IsOrInherits(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (type is null || known is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, known))
            {
                return true;
            }
        }

        if (known.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (Is(implemented, known))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
