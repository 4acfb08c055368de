using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>What a span looks like in Sentry: op, description, transaction source, status, origin.</summary>
    internal struct SpanShape
    {
        public string Op;
        public string Description;
        public string Source;
        public string Status;
        public string Origin;
        public int? HttpStatusCode;

        /// <summary>The error detail for Span v2 (<c>sentry.status.message</c>), when the status is not ok.</summary>
        public string? StatusMessage;

        /// <summary><c>otel.status_description</c>: the Activity's status description when it failed, else the tag of that name.</summary>
        public string? StatusDescription;

        public bool IsError => Status != "ok" && Status != "cancelled";
    }

    /// <summary>Maps OpenTelemetry semantic conventions on an <see cref="Activity"/> to Sentry fields.</summary>
    internal static class SpanMapper
    {
        public const string Origin = "auto.otel";

        private static readonly HashSet<string> ValidStatuses = new HashSet<string>(StringComparer.Ordinal)
        {
            "ok", "cancelled", "unknown", "unknown_error", "invalid_argument", "deadline_exceeded", "not_found",
            "already_exists", "permission_denied", "resource_exhausted", "failed_precondition", "aborted",
            "out_of_range", "unimplemented", "internal_error", "unavailable", "data_loss", "unauthenticated",
        };

        private static readonly string[] GrpcStatuses =
        {
            "ok", "cancelled", "unknown_error", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
            "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
            "unimplemented", "internal_error", "unavailable", "data_loss", "unauthenticated",
        };

        private struct Conventions
        {
            public string? HttpMethod;
            public string? HttpRoute;
            public string? HttpTarget;
            public string? UrlFull;
            public string? UrlPath;
            public int? HttpStatus;
            public string? DbSystem;
            public string? DbStatement;
            public string? RpcService;
            public string? RpcSystem;
            public int? GrpcStatus;
            public string? MessagingSystem;
            public string? MessagingOperation;
            public string? MessagingDestination;
            public string? FaasTrigger;
            public string? SentryOp;
            public string? SentrySource;
            public string? SentryOrigin;
            public string? CustomName;
            public string? OtelStatusCode;
            public string? OtelStatusDescription;
        }

        public static SpanShape Map(Activity activity, bool isLocalRoot)
        {
            var c = default(Conventions);
            foreach (KeyValuePair<string, object?> tag in activity.EnumerateTagObjects())
            {
                string? key = tag.Key;
                if (key is null || key.Length < 6)
                {
                    continue;
                }

                switch (key)
                {
                    case "http.request.method":
                        c.HttpMethod = Str(tag.Value);
                        break;
                    case "http.method":
                        c.HttpMethod ??= Str(tag.Value);
                        break;
                    case "http.route":
                        c.HttpRoute = Str(tag.Value);
                        break;
                    case "http.target":
                        c.HttpTarget = Str(tag.Value);
                        break;
                    case "url.full":
                        c.UrlFull = Str(tag.Value);
                        break;
                    case "http.url":
                        c.UrlFull ??= Str(tag.Value);
                        break;
                    case "url.path":
                        c.UrlPath = Str(tag.Value);
                        break;
                    case "http.response.status_code":
                        c.HttpStatus = Int(tag.Value) ?? c.HttpStatus;
                        break;
                    case "http.status_code":
                        c.HttpStatus ??= Int(tag.Value);
                        break;
                    case "db.system.name":
                        c.DbSystem = Str(tag.Value);
                        break;
                    case "db.system":
                        c.DbSystem ??= Str(tag.Value);
                        break;
                    case "db.query.text":
                        c.DbStatement = Str(tag.Value);
                        break;
                    case "db.statement":
                        c.DbStatement ??= Str(tag.Value);
                        break;
                    case "rpc.service":
                        c.RpcService = Str(tag.Value);
                        break;
                    case "rpc.system":
                        c.RpcSystem = Str(tag.Value);
                        break;
                    case "rpc.grpc.status_code":
                        c.GrpcStatus = Int(tag.Value);
                        break;
                    case "messaging.system":
                        c.MessagingSystem = Str(tag.Value);
                        break;
                    case "messaging.operation.type":
                        c.MessagingOperation = Str(tag.Value);
                        break;
                    case "messaging.operation":
                        c.MessagingOperation ??= Str(tag.Value);
                        break;
                    case "messaging.destination.name":
                        c.MessagingDestination = Str(tag.Value);
                        break;
                    case "faas.trigger":
                        c.FaasTrigger = Str(tag.Value);
                        break;
                    case "sentry.op":
                        c.SentryOp = Str(tag.Value);
                        break;
                    case "sentry.source":
                        c.SentrySource = Str(tag.Value);
                        break;
                    case "sentry.origin":
                        c.SentryOrigin = Str(tag.Value);
                        break;
                    case "sentry.custom_span_name":
                        c.CustomName = Str(tag.Value);
                        break;
                    case "otel.status_code":
                        c.OtelStatusCode = Str(tag.Value);
                        break;
                    case "otel.status_description":
                        c.OtelStatusDescription = Str(tag.Value);
                        break;
                }
            }

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
            return shape;
        }

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

        private static void MapStatus(Activity activity, ref Conventions c, ref SpanShape shape)
        {
            string? fromCodes = null;
            if (c.HttpStatus is int http && http > 0)
            {
                fromCodes = HttpStatus(http);
            }

            if ((fromCodes is null || fromCodes == "ok") && c.GrpcStatus is int grpc)
            {
                string g = grpc >= 0 && grpc < GrpcStatuses.Length ? GrpcStatuses[grpc] : "unknown_error";
                if (g != "ok" || fromCodes is null)
                {
                    fromCodes = g;
                }
            }

            ActivityStatusCode code = activity.Status;
            bool error = code == ActivityStatusCode.Error
                || (code == ActivityStatusCode.Unset && string.Equals(c.OtelStatusCode, "ERROR", StringComparison.OrdinalIgnoreCase));
            string? description = code == ActivityStatusCode.Error ? activity.StatusDescription : c.OtelStatusDescription;
            shape.StatusDescription = description;

            if (code == ActivityStatusCode.Ok)
            {
                shape.Status = "ok";
            }
            else if (error)
            {
                if (fromCodes is not null && fromCodes != "ok")
                {
                    shape.Status = fromCodes;
                }
                else if (description is not null && ValidStatuses.Contains(description))
                {
                    shape.Status = description;
                }
                else
                {
                    shape.Status = "internal_error";
                }

                shape.StatusMessage = string.IsNullOrEmpty(description) ? shape.Status : description;
            }
            else
            {
                shape.Status = fromCodes ?? "ok";
                if (shape.Status != "ok")
                {
                    shape.StatusMessage = shape.Status;
                }
            }
        }

        public static string HttpStatus(int code)
        {
            if (code < 400)
            {
                return "ok";
            }

            switch (code)
            {
                case 401: return "unauthenticated";
                case 403: return "permission_denied";
                case 404: return "not_found";
                case 409: return "already_exists";
                case 413: return "failed_precondition";
                case 429: return "resource_exhausted";
                case 499: return "cancelled";
                case 501: return "unimplemented";
                case 503: return "unavailable";
                case 504: return "deadline_exceeded";
            }

            return code < 500 ? "invalid_argument" : "internal_error";
        }

        private static bool IsSource(string s) => s == "custom" || s == "url" || s == "route" || s == "view" || s == "component" || s == "task";

        private static string? Str(object? value) => value switch
        {
            null => null,
            string s => s,
            _ => JsonValues.SafeToString(value),
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

        private static readonly char[] QueryOrFragment = { '?', '#' };

        private static string StripQuery(string target)
        {
            int q = target.IndexOfAny(QueryOrFragment);
            return q >= 0 ? target.Substring(0, q) : target;
        }

        /// <summary>Drops user info, query and fragment from a URL.</summary>
        public static string SanitizeUrl(string url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                try
                {
                    return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
                }
                catch (Exception)
                {
                    return StripQuery(url);
                }
            }

            return StripQuery(url);
        }
    }
}
