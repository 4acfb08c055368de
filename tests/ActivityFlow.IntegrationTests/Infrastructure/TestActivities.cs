using System;
using System.Diagnostics;

namespace ActivityFlow.IntegrationTests.Infrastructure;

internal static class TestActivities
{
    /// <summary>Starts an activity that the test's tracer provider must sample; fails loudly if none does.</summary>
    public static Activity StartSampled(this ActivitySource source, string name, ActivityKind kind) =>
        source.StartActivity(name, kind) ?? throw new InvalidOperationException($"No listener sampled '{name}' of {source.Name}.");
}
