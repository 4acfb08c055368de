using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ActivityFlow.IntegrationTests.Infrastructure;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// The motivating service: an ASP.NET Core minimal API on 127.0.0.1 whose endpoints produce to
/// the mock Kafka cluster (see <see cref="KafkaProduceEndpoints"/>).
/// </summary>
public sealed class KafkaDemoService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KafkaDemoService(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient(new TestDriverHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for the service's base address (the test driver: its own requests are not traced).</summary>
    public HttpClient Client { get; }

    public static async Task<KafkaDemoService> StartAsync(KafkaProduceEndpoints endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        endpoints.Map(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new KafkaDemoService(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
