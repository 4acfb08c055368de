using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal API on 127.0.0.1 whose request spans come from OpenTelemetry's real ASP.NET Core instrumentation: a test
/// sends a request and runs its own code inside it (under the request's Activity), for as long as it needs to.
/// </summary>
public sealed class RequestService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _driver;
    private readonly ConcurrentDictionary<string, Func<Activity, Task>> _next = new();

    private RequestService(WebApplication app, Uri address)
    {
        _app = app;
        _driver = new HttpClient(new TestDriverHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <param name="routes">Method and route template pairs, e.g. <c>("GET", "/orders/{id}")</c>.</param>
    public static async Task<RequestService> StartAsync(params (string Method, string Route)[] routes)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RequestService? service = null;
        foreach (var (method, route) in routes)
        {
            app.MapMethods(route, [method], async (HttpContext context) =>
            {
                if (service!._next.TryRemove(method + " " + route, out var handler))
                {
                    await handler(Activity.Current ?? throw new InvalidOperationException("no request Activity: is ASP.NET Core instrumented?"));
                }
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        service = new RequestService(app, new Uri(address));
        return service;
    }

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> (matching <paramref name="route"/>) and runs
    /// <paramref name="handler"/> inside the request; returns the request's Activity once the handler has run up to its
    /// first await (so what it does before waiting is visible to the caller), and the response, which completes when the
    /// handler does.
    /// </summary>
    public async Task<(Activity Request, Task<HttpResponseMessage> Response)> StartAsync(string method, string route, string path, Func<Activity, Task> handler)
    {
        var started = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        _next[method + " " + route] = request =>
        {
            try
            {
                return handler(request);
            }
            finally
            {
                started.TrySetResult(request);
            }
        };
        var response = _driver.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await Task.WhenAny(started.Task, response);
        if (!started.Task.IsCompleted) // (both may be done, in either order)
        {
            throw new InvalidOperationException($"{method} {path} answered {(await response).StatusCode} without running the handler.");
        }

        return (await started.Task, response);
    }

    /// <summary>Sends a request, runs <paramref name="handler"/> inside it, and waits for the response.</summary>
    public async Task<Activity> SendAsync(string method, string route, string path, Action<Activity> handler)
    {
        var (request, response) = await StartAsync(method, route, path, a =>
        {
            handler(a);
            return Task.CompletedTask;
        });
        (await response).EnsureSuccessStatusCode();
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        _driver.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
