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
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for the service's base address.</summary>
    public HttpClient Client { get; }

    public static async Task<KafkaDemoService> StartAsync(KafkaProduceEndpoints endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(TagRequestActivity);
        endpoints.Map(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new KafkaDemoService(app, new Uri(address));
    }

    /// <summary>
    /// ASP.NET Core's request activity carries no HTTP tags by itself (OpenTelemetry's ASP.NET Core
    /// instrumentation adds them; it is not on this project's package mirror): add the semantic
    /// convention tags an exporter maps to an `http.server` transaction.
    /// </summary>
    private static async Task TagRequestActivity(HttpContext context, RequestDelegate next)
    {
        var activity = Activity.Current;
        activity?.SetTag("http.request.method", context.Request.Method);
        activity?.SetTag("url.scheme", context.Request.Scheme);
        activity?.SetTag("url.path", context.Request.Path.Value);
        activity?.SetTag("server.address", context.Request.Host.Host);
        await next(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (activity is not null && route is not null)
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = context.Request.Method + " " + route;
        }

        activity?.SetTag("http.response.status_code", context.Response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
