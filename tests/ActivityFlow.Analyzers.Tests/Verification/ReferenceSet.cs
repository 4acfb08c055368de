using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// Consistent compile-reference sets for test sources, built once per test run. Never mix net8 reference
/// assemblies with net10 ones.
/// </summary>
public sealed class ReferenceSet
{
    private readonly Lazy<ImmutableArray<MetadataReference>> _references;

    private ReferenceSet(string name, Func<ImmutableArray<MetadataReference>> build)
    {
        Name = name;
        _references = new Lazy<ImmutableArray<MetadataReference>>(build);
    }

    public string Name { get; }

    public ImmutableArray<MetadataReference> References => _references.Value;

    /// <summary>.NET 8 reference assemblies (Basic.Reference.Assemblies) + Confluent.Kafka 2.15.1 + Microsoft.Extensions.Logging.Abstractions 8.</summary>
    public static ReferenceSet Net80 { get; } = new("net8.0", () =>
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Concat(FromFiles("Confluent.Kafka", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions"))
            .ToImmutableArray());

    /// <summary>Net80 plus xunit.core: what a test project compiles against.</summary>
    public static ReferenceSet Net80TestProject { get; } = new("net8.0+xunit", () =>
        Net80.References.Add(MetadataReference.CreateFromFile(typeof(Xunit.FactAttribute).Assembly.Location)));

    /// <summary>The SDK's .NET 10 and ASP.NET Core reference packs + Confluent.Kafka 2.15.1 + OpenTelemetry 1.20.1.</summary>
    public static ReferenceSet Net10AspNetCore { get; } = new("net10.0+aspnetcore", () =>
        ReferencePack("Microsoft.NETCore.App.Ref")
            .Concat(ReferencePack("Microsoft.AspNetCore.App.Ref"))
            .Concat(FromFiles("Confluent.Kafka", "OpenTelemetry", "OpenTelemetry.Api", "OpenTelemetry.Api.ProviderBuilderExtensions"))
            .ToImmutableArray());

    /// <summary>A .NET 10 console application: the SDK's .NET 10 reference pack + OpenTelemetry 1.20.1 (no ASP.NET Core).</summary>
    public static ReferenceSet Net10Console { get; } = new("net10.0+opentelemetry", () =>
        ReferencePack("Microsoft.NETCore.App.Ref")
            .Concat(FromFiles("OpenTelemetry", "OpenTelemetry.Api", "OpenTelemetry.Api.ProviderBuilderExtensions"))
            .ToImmutableArray());

    /// <summary>Net10AspNetCore plus the runtime package ActivityFlow (what a service using both packages compiles against).</summary>
    public static ReferenceSet Net10WithRuntime { get; } = new("net10.0+aspnetcore+ActivityFlow", () =>
        Net10AspNetCore.References.Add(MetadataReference.CreateFromFile(typeof(global::ActivityFlow.ActivityScope).Assembly.Location)));

    public override string ToString() => Name;

    private static MetadataReference[] FromFiles(params string[] assemblyNames) =>
        assemblyNames.Select(name => (MetadataReference)MetadataReference.CreateFromFile(TestPaths.Reference(name))).ToArray();

    private static MetadataReference[] ReferencePack(string pack)
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> <dotnet root>/packs/<pack>/<version>/ref/net10.0
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packRoot = Path.Combine(dotnetRoot, "packs", pack);
        var versionDirectory = Directory.Exists(packRoot)
            ? Directory.GetDirectories(packRoot).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        var refDirectory = versionDirectory is null ? null : Directory.GetDirectories(Path.Combine(versionDirectory, "ref")).FirstOrDefault();
        if (refDirectory is null)
        {
            throw new InvalidOperationException($"Reference pack '{pack}' not found under {packRoot}.");
        }

        return Directory.GetFiles(refDirectory, "*.dll").Select(file => (MetadataReference)MetadataReference.CreateFromFile(file)).ToArray();
    }
}
