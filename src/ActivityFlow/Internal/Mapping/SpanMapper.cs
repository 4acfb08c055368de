using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>Maps OpenTelemetry semantic conventions on an <see cref="Activity"/> to Sentry fields.</summary>
    internal static partial class SpanMapper
    {
        public const string Origin = "auto.otel";

        public static SpanShape Map(Activity activity, bool isLocalRoot)
        {
            var c = default(Conventions);
            foreach (KeyValuePair<string, object?> tag in activity.EnumerateTagObjects())
            {
                c.Read(tag.Key, tag.Value);
            }

            return Shape(activity, isLocalRoot, ref c);
        }

        /// <summary>The shape of <paramref name="activity"/> from conventions gathered from all of its tags.</summary>
        public static SpanShape Shape(Activity activity, bool isLocalRoot, ref Conventions c)
        {
            string name = activity.DisplayName ?? string.Empty;
            if (name.Length == 0)
            {
                name = activity.OperationName ?? string.Empty;
            }

            var shape = new SpanShape { Origin = Origin, HttpStatusCode = c.HttpStatus };
            ActivityKind kind = activity.Kind;

            if (c.MessagingSystem is not null || kind == ActivityKind.Producer || kind == ActivityKind.Consumer)
            {
                shape.Op = MessagingOp(c.MessagingOperation, kind, c.MessagingSystem is not null);
                shape.Description = c.MessagingDestination ?? name;
                shape.Source = "task";
                if (shape.Op.Length == 0)
                {
                    shape.Op = DefaultOp(activity, name);
                    shape.Description = name;
                    shape.Source = "custom";
                }
            }
            else if (c.HttpMethod is not null)
            {
                bool server = kind == ActivityKind.Server || (kind != ActivityKind.Client && isLocalRoot);
                shape.Op = server ? "http.server" : "http.client";
                string? path;
                if (server)
                {
                    if (c.HttpRoute is not null)
                    {
                        path = c.HttpRoute;
                        shape.Source = "route";
                    }
                    else if (c.HttpTarget is not null)
                    {
                        path = StripQuery(c.HttpTarget);
                        shape.Source = path == "/" ? "route" : "url";
                    }
                    else if (c.UrlPath is not null)
                    {
                        path = c.UrlPath;
                        shape.Source = path == "/" ? "route" : "url";
                    }
                    else if (c.UrlFull is not null)
                    {
                        path = SanitizeUrl(c.UrlFull);
                        shape.Source = "url";
                    }
                    else
                    {
                        path = null;
                        shape.Source = "custom";
                    }
                }
                else
                {
                    path = c.UrlFull is not null ? SanitizeUrl(c.UrlFull) : c.HttpRoute ?? c.UrlPath ?? (c.HttpTarget is null ? null : StripQuery(c.HttpTarget));
                    shape.Source = c.UrlFull is not null ? "url" : "custom";
                }

                shape.Description = path is null ? name : c.HttpMethod + " " + path;
            }
            else if (c.DbSystem is not null)
            {
                shape.Op = "db";
                shape.Description = c.DbStatement ?? name;
                shape.Source = "task";
            }
            else if (c.RpcService is not null || c.RpcSystem is not null)
            {
                shape.Op = "rpc";
                shape.Description = name;
                shape.Source = "route";
            }
            else if (c.FaasTrigger is not null)
            {
                shape.Op = c.FaasTrigger;
                shape.Description = name;
                shape.Source = "task";
            }
            else
            {
                shape.Op = DefaultOp(activity, name);
                shape.Description = name;
                shape.Source = "custom";
            }

            if (c.SentryOp is not null)
            {
                shape.Op = c.SentryOp;
            }

            if (c.SentrySource is not null && IsSource(c.SentrySource))
            {
                shape.Source = c.SentrySource;
            }

            if (c.SentryOrigin is not null)
            {
                shape.Origin = c.SentryOrigin;
            }

            if (c.CustomName is not null)
            {
                shape.Description = c.CustomName;
                shape.Source = "custom";
            }

            MapStatus(activity, ref c, ref shape);
            if (IsUnfinished(activity))
            {
                // As Sentry does for spans still open when their transaction ends.
                shape.Unfinished = true;
                shape.Status = "deadline_exceeded";
                shape.StatusMessage = "still running at shutdown";
            }

            return shape;
        }

        /// <summary>A span handed over before it ended: one still running at shutdown.</summary>
        public static bool IsUnfinished(Activity activity) => !activity.IsStopped;

        private static string DefaultOp(Activity activity, string name)
        {
            string op = activity.OperationName ?? string.Empty;
            return op.Length == 0 ? (name.Length == 0 ? "default" : name) : op;
        }

        private static string MessagingOp(string? operation, ActivityKind kind, bool hasSystem)
        {
            switch (operation?.ToLowerInvariant())
            {
                case "publish":
                case "send":
                    return "queue.publish";
                case "create":
                    return "queue.create";
                case "receive":
                    return "queue.receive";
                case "process":
                case "deliver":
                    return "queue.process";
                case "settle":
                    return "queue.settle";
            }

            if (kind == ActivityKind.Producer)
            {
                return "queue.publish";
            }

            if (kind == ActivityKind.Consumer)
            {
                return "queue.process";
            }

            return hasSystem ? "queue" : string.Empty;
        }

        private static bool IsSource(string s) => s == "custom" || s == "url" || s == "route" || s == "view" || s == "component" || s == "task";

        private static string? Str(object? value) => value switch
        {
            null => null,
            string s => s,
            _ => SafeText.Of(value),
        };

        private static int? Int(object? value)
        {
            switch (value)
            {
                case int i: return i;
                case long l when l >= int.MinValue && l <= int.MaxValue: return (int)l;
                case short s: return s;
                case string str when int.TryParse(str, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed): return parsed;
                default: return null;
            }
        }
    }
}
