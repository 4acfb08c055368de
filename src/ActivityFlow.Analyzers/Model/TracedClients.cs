using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The client libraries whose calls are traced: OpenTelemetry's instrumentation (or the library's own ActivitySource)
/// starts a span under <c>Activity.Current</c> for each call, so where such a call runs without the caller's Activity
/// its span lands in a new trace. Recognised by the full name of the method's type, its base types or its interfaces,
/// and optionally the method name (a trailing <c>*</c> matches a prefix). One type's answer is computed once.
/// </summary>
internal sealed class TracedClients
{
    private static readonly Client[] Catalogue =
    {
        new("System.Net.Http.HttpClient", "sends through HttpClient", "Send*", "Get*", "Post*", "Put*", "Patch*", "Delete*"),
        new("System.Data.Common.DbCommand", "executes a DbCommand", "Execute*"),
        new("System.Data.IDbCommand", "executes a DbCommand", "Execute*"),
        new("System.Data.Common.DbDataAdapter", "queries a database", "Fill*", "Update"),
        new("Dapper.SqlMapper", "queries through Dapper", "Query*", "Execute*"),
        new("Microsoft.EntityFrameworkCore.DbContext", "saves or queries through EF Core", "SaveChanges*", "Find*"),
        new("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", "queries through EF Core", "*Async", "Load"),
        new("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "queries through EF Core", "Execute*"),
        new("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "queries through EF Core", "Execute*", "SqlQuery*"),
        new("StackExchange.Redis.IDatabaseAsync", "calls Redis"),
        new("StackExchange.Redis.ISubscriber", "publishes through Redis", "Publish*"),
        new("MongoDB.Driver.IMongoCollection`1", "calls MongoDB"),
        new("MongoDB.Driver.IMongoCollectionExtensions", "calls MongoDB"),
        new("MongoDB.Driver.IMongoDatabase", "calls MongoDB"),
        new("MongoDB.Driver.IAsyncCursorSourceExtensions", "calls MongoDB"),
        new("Elastic.Clients.Elasticsearch.ElasticsearchClient", "calls Elasticsearch"),
        new("Nest.IElasticClient", "calls Elasticsearch"),
        new("Elasticsearch.Net.IElasticLowLevelClient", "calls Elasticsearch"),
        new("Grpc.Core.ClientBase", "calls a gRPC service"),
        new("Grpc.Core.CallInvoker", "calls a gRPC service"),
        new("Amazon.Runtime.IAmazonService", "calls an AWS service"),
        new("Confluent.Kafka.IProducer`2", "produces to Kafka", "Produce", "ProduceAsync"),
        new("RabbitMQ.Client.IModel", "publishes to RabbitMQ", "BasicPublish*"),
        new("RabbitMQ.Client.IChannel", "publishes to RabbitMQ", "BasicPublish*"),
        new("Azure.Messaging.ServiceBus.ServiceBusSender", "sends to Azure Service Bus", "Send*", "Schedule*"),
        new("Azure.Messaging.EventHubs.Producer.EventHubProducerClient", "sends to Azure Event Hubs", "Send*"),
        new("MassTransit.IPublishEndpoint", "publishes through MassTransit", "Publish*"),
        new("MassTransit.ISendEndpoint", "sends through MassTransit", "Send*"),
        new("NServiceBus.IMessageSession", "sends through NServiceBus", "Send*", "Publish*"),
        new("NServiceBus.IPipelineContext", "sends through NServiceBus", "Send*", "Publish*", "Reply*"),
        new("Rebus.Bus.IBus", "sends through Rebus", "Send*", "Publish*", "Reply*", "Defer*"),
        new("Wolverine.IMessageBus", "sends through Wolverine", "Publish*", "Send*", "Invoke*", "Schedule*"),
        new("DotNetCore.CAP.ICapPublisher", "publishes through CAP", "Publish*"),
        new("NATS.Client.Core.INatsConnection", "publishes to NATS", "Publish*", "Request*"),
        new("Paramore.Brighter.IAmACommandProcessor", "sends through Brighter", "Post*", "Send*", "Publish*"),
    };

    private static readonly Dictionary<string, Client> ByTypeName = Index();

    private readonly ConcurrentDictionary<INamedTypeSymbol, Client[]> _clientsOfType = new(SymbolEqualityComparer.Default);

    /// <summary>What a call to <paramref name="method"/> traces ("calls Redis"), or null when it is not a traced client call.</summary>
    public string? Explain(IMethodSymbol method)
    {
        // An extension method is a call on its first parameter's type too (HttpClient.GetFromJsonAsync, ...).
        var receiver = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type as INamedTypeSymbol : null;
        return ExplainOn(method.ContainingType, method.Name)
            ?? ExplainOn(receiver, method.Name)
            ?? (IsAzureClientCall(method) ? "calls an Azure service" : null);
    }

    private string? ExplainOn(INamedTypeSymbol? type, string methodName)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var client in _clientsOfType.GetOrAdd(type.OriginalDefinition, ClientsOf))
        {
            if (client.Matches(methodName))
            {
                return client.Description;
            }
        }

        return null;
    }

    private static Client[] ClientsOf(INamedTypeSymbol type)
    {
        List<Client>? found = null;
        for (var current = type; current is not null; current = current.BaseType)
        {
            Add(current, ref found);
        }

        foreach (var @interface in type.AllInterfaces)
        {
            Add(@interface, ref found);
        }

        return found?.ToArray() ?? Array.Empty<Client>();
    }

    private static void Add(INamedTypeSymbol type, ref List<Client>? found)
    {
        if (ByTypeName.TryGetValue(MetadataName(type.OriginalDefinition), out var client))
        {
            (found ??= new List<Client>()).Add(client);
        }
    }

    /// <summary>Azure SDK clients answer with <c>Azure.Response</c>, <c>Pageable</c> or an <c>Operation</c> (each call is a span of the SDK's own).</summary>
    private static bool IsAzureClientCall(IMethodSymbol method)
    {
        var returned = method.ReturnType as INamedTypeSymbol;
        if (returned is { Name: "Task" or "ValueTask", TypeArguments.Length: 1 })
        {
            returned = returned.TypeArguments[0] as INamedTypeSymbol;
        }

        return returned is { Name: "Response" or "Pageable" or "AsyncPageable" or "Operation" or "NullableResponse" }
            && returned.ContainingNamespace is { Name: "Azure", ContainingNamespace.IsGlobalNamespace: true };
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.MetadataName + "+" + name;
        }

        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    private static Dictionary<string, Client> Index()
    {
        var index = new Dictionary<string, Client>(StringComparer.Ordinal);
        foreach (var client in Catalogue)
        {
            index.Add(client.TypeName, client);
        }

        return index;
    }

    private sealed class Client
    {
        private readonly string[] _methods;

        public Client(string typeName, string description, params string[] methods)
        {
            TypeName = typeName;
            Description = description;
            _methods = methods;
        }

        public string TypeName { get; }

        public string Description { get; }

        public bool Matches(string methodName)
        {
            if (_methods.Length == 0)
            {
                return true;
            }

            foreach (var pattern in _methods)
            {
                var matches = pattern.StartsWith("*", StringComparison.Ordinal)
                    ? methodName.EndsWith(pattern.Substring(1), StringComparison.Ordinal)
                    : pattern.EndsWith("*", StringComparison.Ordinal)
                        ? methodName.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)
                        : methodName == pattern;
                if (matches)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
