using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenTelemetry;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// The test driver's HTTP requests run with instrumentation suppressed: the driver is not the service under test, so
/// its requests make no client span and carry no traceparent, and each request's server span is a root, as it is for
/// a request from outside.
/// </summary>
public sealed class TestDriverHandler : DelegatingHandler
{
    public TestDriverHandler()
        : base(new SocketsHttpHandler())
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (SuppressInstrumentationScope.Begin())
        {
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
