namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// One source that puts a call under test in every kind of live-Activity-scope evidence, and in the look-alikes
/// without evidence (where its markup is removed). Compile it with <see cref="ReferenceSet.Net10AspNetCore"/>.
/// The call can use <c>Deps.Logger</c>, <c>Deps.Producer</c>, <c>Deps.Actions</c> and <c>Deps.Timer</c>.
/// </summary>
internal static class LiveScopeSamples
{
    public static string Source(string call)
    {
        var plain = call.Replace("[|", string.Empty).Replace("|]", string.Empty);
        return $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Threading;
            using System.Threading.Tasks;
            using Confluent.Kafka;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.Logging;

            public static class Deps
            {
                public static readonly ActivitySource Source = new("app");
                public static ILogger Logger = null!;
                public static IProducer<string, string> Producer = null!;
                public static ConcurrentQueue<Action> Actions = new();
                public static System.Threading.Timer? Timer;
            }

            public class Evidence
            {
                private Activity? _activity;

                public void UsingDeclaration()
                {
                    using var activity = Deps.Source.StartActivity("a");
                    {{call}}
                }

                public void UsingStatement()
                {
                    using (var activity = Deps.Source.StartActivity("a"))
                    {
                        {{call}}
                    }
                }

                public void CreatedStartedHeldInLocal()
                {
                    var activity = Deps.Source.CreateActivity("a", ActivityKind.Internal)?.Start();
                    {{call}}
                    activity?.Stop();
                }

                public void HeldInField()
                {
                    _activity = new Activity("a").Start();
                    {{call}}
                }

                public void ReadsCurrent()
                {
                    Activity.Current?.SetTag("a", 1);
                    {{call}}
                }

                public void StartedNeverStopped()
                {
                    Deps.Source.StartActivity("a");
                    {{call}}
                }

                public void ReadsCurrentAfterwards()
                {
                    {{call}}
                    Console.WriteLine(Activity.Current?.TraceId);
                }
            }

            public class NoEvidence
            {
                public void Plain()
                {
                    {{plain}}
                }

                public void AfterStop()
                {
                    var activity = Deps.Source.StartActivity("a");
                    activity?.Stop();
                    {{plain}}
                }

                public void AfterDispose()
                {
                    var activity = Deps.Source.StartActivity("a");
                    activity?.Dispose();
                    {{plain}}
                }

                public void AfterUsingStatement()
                {
                    using (Deps.Source.StartActivity("a"))
                    {
                    }

                    {{plain}}
                }

                public void InNestedLambda(List<int> items)
                {
                    using var activity = Deps.Source.StartActivity("a");
                    items.ForEach(item =>
                    {
                        {{plain}}
                    });
                }

                public void BeforeStart()
                {
                    {{plain}}
                    using var activity = Deps.Source.StartActivity("a");
                }

                public void StoppedInsideUsing()
                {
                    using (var activity = Deps.Source.StartActivity("a"))
                    {
                        activity?.Stop();
                        {{plain}}
                    }
                }

                public void OnlyWritesCurrent()
                {
                    Activity.Current = null;
                    {{plain}}
                }
            }

            [ApiController]
            public class EvidenceController : ControllerBase
            {
                [HttpPost]
                public IActionResult Post()
                {
                    {{call}}
                    return Ok();
                }

                [NonAction]
                public void NotAnAction()
                {
                    {{plain}}
                }

                private void PrivateHelper()
                {
                    {{plain}}
                }
            }

            [Controller]
            public class PocoController
            {
                public string Get()
                {
                    {{call}}
                    return "ok";
                }
            }

            public class ByNameController
            {
                public string Get()
                {
                    {{call}}
                    return "ok";
                }
            }

            [NonController]
            public class NotAController : ControllerBase
            {
                public void Get()
                {
                    {{plain}}
                }
            }

            public class EvidenceMiddleware
            {
                public Task InvokeAsync(HttpContext context)
                {
                    {{call}}
                    return Task.CompletedTask;
                }
            }

            public class FactoryMiddleware : IMiddleware
            {
                public Task InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    {{call}}
                    return next(context);
                }
            }

            public class EvidencePage : PageModel
            {
                public void OnGet()
                {
                    {{call}}
                }

                public void Helper()
                {
                    {{plain}}
                }
            }

            public class EvidenceHub : Hub
            {
                public void Send()
                {
                    {{call}}
                }
            }

            public static class EvidenceEndpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/", () =>
                    {
                        {{call}}
                        return "ok";
                    });

                    app.MapGroup("/api").MapPost("/", () =>
                    {
                        {{call}}
                        return "ok";
                    });

                    app.Use(async (HttpContext context, RequestDelegate next) =>
                    {
                        {{call}}
                        await next(context);
                    });

                    var notAHandler = () =>
                    {
                        {{plain}}
                    };
                }
            }
            """;
    }
}
