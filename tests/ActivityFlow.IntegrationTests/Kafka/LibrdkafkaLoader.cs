using System;
using System.IO;
using System.Runtime.InteropServices;
using ActivityFlow.IntegrationTests.Infrastructure;
using Confluent.Kafka;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// Loads Debian's librdkafka (apt package librdkafka1, 2.0.2) into Confluent.Kafka 1.9.3, which is
/// referenced without its librdkafka.redist native package.
/// </summary>
internal static class LibrdkafkaLoader
{
    public const string LibraryPath = "/usr/lib/x86_64-linux-gnu/librdkafka.so.1";

    private static readonly Lazy<string> Loaded = new(Load);

    /// <summary>Loads the library once per process; returns librdkafka's version string.</summary>
    public static string EnsureLoaded() => Loaded.Value;

    private static string Load()
    {
        if (!File.Exists(LibraryPath))
        {
            throw new MissingPrerequisiteException(
                $"librdkafka at {LibraryPath}",
                "apt-get update && apt-get install -y librdkafka1");
        }

        // Confluent.Kafka 1.9.3 P/Invokes "libdl" (dlopen), which glibc ships only as libdl.so.2,
        // and binds its functions through [DllImport("librdkafka")], which Debian ships only as
        // librdkafka.so.1 (the unversioned name comes with librdkafka-dev). The resolver must be
        // in place before Library.Load triggers those imports.
        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => name switch
        {
            "libdl" => NativeLibrary.Load("libdl.so.2"),
            "librdkafka" => NativeLibrary.Load(LibraryPath),
            _ => IntPtr.Zero,
        });
        Library.Load(LibraryPath);
        return Library.VersionString;
    }
}
