using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Infrastructure;

/// <summary>
/// The framework and library types the rules look for, resolved once per compilation.
/// Null members mean the compilation does not reference that library.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol activity)
    {
        Compilation = compilation;
        Activity = activity;
        ActivitySource = Get(compilation, "System.Diagnostics.ActivitySource");
        ThreadPool = Get(compilation, "System.Threading.ThreadPool");
        Thread = Get(compilation, "System.Threading.Thread");
        IThreadPoolWorkItem = Get(compilation, "System.Threading.IThreadPoolWorkItem");
        CancellationToken = Get(compilation, "System.Threading.CancellationToken");
        ExecutionContext = Get(compilation, "System.Threading.ExecutionContext");
        AsyncFlowControl = Get(compilation, "System.Threading.AsyncFlowControl");
        ThreadingTimer = Get(compilation, "System.Threading.Timer");
        Task = Get(compilation, "System.Threading.Tasks.Task");
        TaskFactory = Get(compilation, "System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Get(compilation, "System.Threading.Tasks.TaskFactory`1");
        ILogger = Get(compilation, "Microsoft.Extensions.Logging.ILogger");
        LoggerExtensions = Get(compilation, "Microsoft.Extensions.Logging.LoggerExtensions");
        HttpClient = Get(compilation, "System.Net.Http.HttpClient");
        DbCommand = Get(compilation, "System.Data.Common.DbCommand");
        IDbCommand = Get(compilation, "System.Data.IDbCommand");
        KafkaProducer = Get(compilation, "Confluent.Kafka.IProducer`2");
        KafkaProducerBuilder = Get(compilation, "Confluent.Kafka.ProducerBuilder`2");
        KafkaConsumer = Get(compilation, "Confluent.Kafka.IConsumer`2");
        TracerProviderBuilderExtensions = Get(compilation, "OpenTelemetry.Trace.TracerProviderBuilderExtensions");
        ParentBasedSampler = Get(compilation, "OpenTelemetry.Trace.ParentBasedSampler");
        KafkaConsumerBuilder = Get(compilation, "Confluent.Kafka.ConsumerBuilder`2");
        ActivityScope = Get(compilation, "ActivityFlow.ActivityScope");
        ControllerBase = Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase");
        ApiControllerAttribute = Get(compilation, "Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        ControllerAttribute = Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
        NonActionAttribute = Get(compilation, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
        NonControllerAttribute = Get(compilation, "Microsoft.AspNetCore.Mvc.NonControllerAttribute");
        PageModel = Get(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        SignalRHub = Get(compilation, "Microsoft.AspNetCore.SignalR.Hub");
        HttpContext = Get(compilation, "Microsoft.AspNetCore.Http.HttpContext");
        EndpointRouteBuilder = Get(compilation, "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
        ApplicationBuilder = Get(compilation, "Microsoft.AspNetCore.Builder.IApplicationBuilder");
        ChannelWriter = Get(compilation, "System.Threading.Channels.ChannelWriter`1");
        BlockingCollection = Get(compilation, "System.Collections.Concurrent.BlockingCollection`1");
        ConcurrentQueue = Get(compilation, "System.Collections.Concurrent.ConcurrentQueue`1");
        TimersTimer = Get(compilation, "System.Timers.Timer");
        KafkaMessage = Get(compilation, "Confluent.Kafka.Message`2");
        KafkaHeaders = Get(compilation, "Confluent.Kafka.Headers");
        OpenTelemetryPropagators = Get(compilation, "OpenTelemetry.Context.Propagation.Propagators");
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol Activity { get; }
    public INamedTypeSymbol? ActivitySource { get; }
    public INamedTypeSymbol? ThreadPool { get; }
    public INamedTypeSymbol? Thread { get; }
    public INamedTypeSymbol? IThreadPoolWorkItem { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? ExecutionContext { get; }
    public INamedTypeSymbol? AsyncFlowControl { get; }
    public INamedTypeSymbol? ThreadingTimer { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? TaskFactoryOfT { get; }
    public INamedTypeSymbol? ILogger { get; }
    public INamedTypeSymbol? LoggerExtensions { get; }
    public INamedTypeSymbol? HttpClient { get; }
    public INamedTypeSymbol? DbCommand { get; }
    public INamedTypeSymbol? IDbCommand { get; }
    public INamedTypeSymbol? KafkaProducer { get; }
    public INamedTypeSymbol? KafkaProducerBuilder { get; }
    public INamedTypeSymbol? KafkaConsumer { get; }

    /// <summary>OpenTelemetry SDK: <c>SetSampler(..)</c> lives here.</summary>
    public INamedTypeSymbol? TracerProviderBuilderExtensions { get; }

    public INamedTypeSymbol? ParentBasedSampler { get; }
    public INamedTypeSymbol? KafkaConsumerBuilder { get; }

    /// <summary>The runtime package's re-attach helper; code fixes prefer it when referenced.</summary>
    public INamedTypeSymbol? ActivityScope { get; }

    // ASP.NET Core entry points (live Activity scope).
    public INamedTypeSymbol? ControllerBase { get; }
    public INamedTypeSymbol? ApiControllerAttribute { get; }
    public INamedTypeSymbol? ControllerAttribute { get; }
    public INamedTypeSymbol? NonActionAttribute { get; }
    public INamedTypeSymbol? NonControllerAttribute { get; }
    public INamedTypeSymbol? PageModel { get; }
    public INamedTypeSymbol? SignalRHub { get; }
    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? EndpointRouteBuilder { get; }
    public INamedTypeSymbol? ApplicationBuilder { get; }

    // In-process queues (ACTX006), timers (ACTX005), Kafka messages and propagation (ACTX101).
    public INamedTypeSymbol? ChannelWriter { get; }
    public INamedTypeSymbol? BlockingCollection { get; }
    public INamedTypeSymbol? ConcurrentQueue { get; }
    public INamedTypeSymbol? TimersTimer { get; }
    public INamedTypeSymbol? KafkaMessage { get; }
    public INamedTypeSymbol? KafkaHeaders { get; }
    public INamedTypeSymbol? OpenTelemetryPropagators { get; }

    /// <summary>Null when System.Diagnostics.Activity is absent: nothing can lose an Activity then.</summary>
    public static KnownSymbols? TryCreate(Compilation compilation)
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
