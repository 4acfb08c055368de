using System.Diagnostics;
using ActivityFlow;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace ActivityFlow.Tests
{
    public class SmokeTests
    {
        [Fact]
        public void PublicApiCompiles()
        {
            using TracerProvider provider = Sdk.CreateTracerProviderBuilder()
                .AddSource("smoke")
                .AddSentryExporter(o => o.EnvelopeDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "af-smoke-" + System.Guid.NewGuid().ToString("N")))
                .Build()!;
            using (var scope = new ActivityScope(null))
            {
                Assert.Null(Activity.Current);
            }
        }
    }
}
