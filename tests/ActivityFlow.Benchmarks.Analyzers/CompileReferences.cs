using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>What a .NET 10 ASP.NET Core service with Kafka and OpenTelemetry compiles against: the SDK's reference
/// packs plus Confluent.Kafka 2.15.1 and OpenTelemetry 1.20.1. Loaded once per process and shared by every compilation.</summary>
internal static class CompileReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(Load);

    public static ImmutableArray<MetadataReference> All => Lazy.Value;

    private static ImmutableArray<MetadataReference> Load() =>
        ReferencePack("Microsoft.NETCore.App.Ref")
            .Concat(ReferencePack("Microsoft.AspNetCore.App.Ref"))
            .Concat(new[] { "Confluent.Kafka", "OpenTelemetry", "OpenTelemetry.Api", "OpenTelemetry.Api.ProviderBuilderExtensions" }
                .Select(name => BuildPaths.One("Reference:" + name)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    private static string[] ReferencePack(string pack)
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet root>/packs/<pack>/<highest version>/ref/net10.0
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "packs", pack));
        var version = Directory.Exists(packRoot)
            ? Directory.GetDirectories(packRoot).OrderBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;
        var refDirectory = version is null ? null : Directory.GetDirectories(Path.Combine(version, "ref")).FirstOrDefault();
        return refDirectory is null
            ? throw new InvalidOperationException($"Reference pack '{pack}' not found under {packRoot}.")
            : Directory.GetFiles(refDirectory, "*.dll");
    }
}
