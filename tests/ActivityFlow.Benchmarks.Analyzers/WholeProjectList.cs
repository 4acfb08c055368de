using System.Collections.Generic;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>One real project at a fixed commit (coordinates as in tests/ActivityFlow.Evaluation/corpus.tsv).</summary>
internal sealed record WholeProject(string Repository, string Commit, string ProjectPath, string Why)
{
    public string Name => $"{Repository} {System.IO.Path.GetFileNameWithoutExtension(ProjectPath)}";
}

/// <summary>
/// The projects the <c>real</c> mode measures: services and libraries that use Activity, Kafka and background work,
/// from one small web service to a 2,000-file framework. Each compiled without errors in the evaluation.
/// </summary>
internal static class WholeProjectList
{
    public static IReadOnlyList<WholeProject> All { get; } =
    [
        new("confluentinc/confluent-kafka-dotnet", "f96837a9cc47b1e51cb66ef5b4e80660c33535c6", "examples/Web/Web.csproj",
            "ASP.NET Core app producing to Kafka from requests"),
        new("dotnet/eShop", "f321674448bffc052377d1de1bf21d4f7b64c585", "src/Ordering.API/Ordering.API.csproj",
            "reference microservice: minimal APIs, EF Core, outbox events"),
        new("dotnetcore/CAP", "e52b8508e54cdb7a9ce7f9fec03d9ea8ad2710fb", "src/DotNetCore.CAP/DotNetCore.CAP.csproj",
            "outbox event bus: background dispatch, diagnostics turned into Activities"),
        new("nats-io/nats.net", "0033cfd7ab941262b2ba15521ba947cc7575aa1a", "src/NATS.Client.Core/NATS.Client.Core.csproj",
            "messaging client: publish/receive activities, channels, background loops"),
        new("npgsql/npgsql", "3cb5804b769b000a1fc88ad8e5e764667f0df4a1", "src/Npgsql/Npgsql.csproj",
            "database driver: its own ActivitySource, timers, multiplexing"),
        new("BrighterCommand/Brighter", "4032a065b3d8f48106e115ebfa2cd8f7124ef1cd", "src/Paramore.Brighter/Paramore.Brighter.csproj",
            "command processor with its own tracer and in-memory message pump"),
        new("JasperFx/wolverine", "a4b6f5bd91adf23246fe49f1a3935ce72ab7e307", "src/Wolverine/Wolverine.csproj",
            "messaging framework: agents, background loops, envelope activities"),
        new("MassTransit/MassTransit", "e2e54ca475ec334e2c44bca1538720904ced69df", "src/MassTransit/MassTransit.csproj",
            "service bus: activities per send/receive/consume, 2,000 files"),
    ];
}
