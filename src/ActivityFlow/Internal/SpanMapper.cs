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

    /// <summary>The semantic-convention tags <see cref="SpanMapper"/> reads; None for every other key.</summary>
    internal enum TagRole : byte
    {
        None,
        HttpRequestMethod,
        HttpMethod,
        HttpRoute,
        HttpTarget,
        UrlFull,
        HttpUrl,
        UrlPath,
        HttpResponseStatusCode,
        HttpStatusCode,
        DbSystemName,
        DbSystem,
        DbQueryText,
        DbStatement,
        RpcService,
        RpcSystem,
        RpcGrpcStatusCode,
        MessagingSystem,
        MessagingOperationType,
        MessagingOperation,
        MessagingDestinationName,
        FaasTrigger,
        SentryOp,
        SentrySource,
        SentryOrigin,
        SentryCustomSpanName,
        OtelStatusCode,
        OtelStatusDescription,
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

        /// <summary>The semantic-convention tags that decide a span's shape, gathered one tag at a time.</summary>
        internal struct Conventions
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

            /// <summary>Takes note of one tag (any tag may come; most are not conventions).</summary>
            public void Read(string? key, object? value) => Read(RoleOf(key), value);

            /// <summary>Takes note of one tag whose role is known.</summary>
            public void Read(TagRole role, object? value)
            {
                switch (role)
                {
                    case TagRole.HttpRequestMethod:
                        HttpMethod = Str(value);
                        break;
                    case TagRole.HttpMethod:
                        HttpMethod ??= Str(value);
                        break;
                    case TagRole.HttpRoute:
                        HttpRoute = Str(value);
                        break;
                    case TagRole.HttpTarget:
                        HttpTarget = Str(value);
                        break;
                    case TagRole.UrlFull:
                        UrlFull = Str(value);
                        break;
                    case TagRole.HttpUrl:
                        UrlFull ??= Str(value);
                        break;
                    case TagRole.UrlPath:
                        UrlPath = Str(value);
                        break;
                    case TagRole.HttpResponseStatusCode:
                        HttpStatus = Int(value) ?? HttpStatus;
                        break;
                    case TagRole.HttpStatusCode:
                        HttpStatus ??= Int(value);
                        break;
                    case TagRole.DbSystemName:
                        DbSystem = Str(value);
                        break;
                    case TagRole.DbSystem:
                        DbSystem ??= Str(value);
                        break;
                    case TagRole.DbQueryText:
                        DbStatement = Str(value);
                        break;
                    case TagRole.DbStatement:
                        DbStatement ??= Str(value);
                        break;
                    case TagRole.RpcService:
                        RpcService = Str(value);
                        break;
                    case TagRole.RpcSystem:
                        RpcSystem = Str(value);
                        break;
                    case TagRole.RpcGrpcStatusCode:
                        GrpcStatus = Int(value);
                        break;
                    case TagRole.MessagingSystem:
                        MessagingSystem = Str(value);
                        break;
                    case TagRole.MessagingOperationType:
                        MessagingOperation = Str(value);
                        break;
                    case TagRole.MessagingOperation:
                        MessagingOperation ??= Str(value);
                        break;
                    case TagRole.MessagingDestinationName:
                        MessagingDestination = Str(value);
                        break;
                    case TagRole.FaasTrigger:
                        FaasTrigger = Str(value);
                        break;
                    case TagRole.SentryOp:
                        SentryOp = Str(value);
                        break;
                    case TagRole.SentrySource:
                        SentrySource = Str(value);
                        break;
                    case TagRole.SentryOrigin:
                        SentryOrigin = Str(value);
                        break;
                    case TagRole.SentryCustomSpanName:
                        CustomName = Str(value);
                        break;
                    case TagRole.OtelStatusCode:
                        OtelStatusCode = Str(value);
                        break;
                    case TagRole.OtelStatusDescription:
                        OtelStatusDescription = Str(value);
                        break;
                }
            }
        }

        /// <summary>Which convention a tag key is, if any.</summary>
        public static TagRole RoleOf(string? key)
        {
            if (key is null || key.Length < 6)
            {
                return TagRole.None;
            }

            return key switch
            {
                "http.request.method" => TagRole.HttpRequestMethod,
                "http.method" => TagRole.HttpMethod,
                "http.route" => TagRole.HttpRoute,
                "http.target" => TagRole.HttpTarget,
                "url.full" => TagRole.UrlFull,
                "http.url" => TagRole.HttpUrl,
                "url.path" => TagRole.UrlPath,
                "http.response.status_code" => TagRole.HttpResponseStatusCode,
                "http.status_code" => TagRole.HttpStatusCode,
                "db.system.name" => TagRole.DbSystemName,
                "db.system" => TagRole.DbSystem,
                "db.query.text" => TagRole.DbQueryText,
                "db.statement" => TagRole.DbStatement,
                "rpc.service" => TagRole.RpcService,
                "rpc.system" => TagRole.RpcSystem,
                "rpc.grpc.status_code" => TagRole.RpcGrpcStatusCode,
                "messaging.system" => TagRole.MessagingSystem,
                "messaging.operation.type" => TagRole.MessagingOperationType,
                "messaging.operation" => TagRole.MessagingOperation,
                "messaging.destination.name" => TagRole.MessagingDestinationName,
                "faas.trigger" => TagRole.FaasTrigger,
                "sentry.op" => TagRole.SentryOp,
                "sentry.source" => TagRole.SentrySource,
                "sentry.origin" => TagRole.SentryOrigin,
                "sentry.custom_span_name" => TagRole.SentryCustomSpanName,
                "otel.status_code" => TagRole.OtelStatusCode,
                "otel.status_description" => TagRole.OtelStatusDescription,
                _ => TagRole.None,
            };
        }

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
            if (IsPlainHttpUrl(url, out int end))
            {
                return end == url.Length ? url : url.Substring(0, end);
            }

            return SanitizeUrlWithUri(url);
        }

        /// <summary>
        /// True when parsing <paramref name="url"/> with <see cref="Uri"/> would give it back unchanged up to its query
        /// or fragment (at <paramref name="end"/>): lowercase http(s) scheme; a host name of lowercase letters, digits,
        /// dots and hyphens whose last label starts with a letter (no IP address, user info or port); a non-empty path
        /// of unreserved and sub-delimiter characters with no dot segment, empty segment or percent-escape. Most client
        /// URLs are like that, and parsing them costs more than the rest of their span's mapping.
        /// </summary>
        internal static bool IsPlainHttpUrl(string url, out int end)
        {
            end = url.Length;
            int i;
            if (url.StartsWith("https://", StringComparison.Ordinal))
            {
                i = 8;
            }
            else if (url.StartsWith("http://", StringComparison.Ordinal))
            {
                i = 7;
            }
            else
            {
                return false;
            }

            int hostStart = i;
            int lastLabel = i;
            for (; i < url.Length && url[i] != '/'; i++)
            {
                char c = url[i];
                if (c == '.')
                {
                    if (i == hostStart || url[i - 1] == '.')
                    {
                        return false;
                    }

                    lastLabel = i + 1;
                }
                else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'))
                {
                    return false;
                }
            }

            if (i == url.Length || lastLabel >= i || url[lastLabel] < 'a' || url[lastLabel] > 'z' || url[i - 1] == '-')
            {
                return false; // no path (Uri adds "/"), or a host that is empty, ends with a dot or hyphen, or may be an IP address
            }

            for (; i < url.Length; i++)
            {
                char c = url[i];
                if (c == '?' || c == '#')
                {
                    end = i;
                    break;
                }

                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
                {
                    continue;
                }

                switch (c)
                {
                    case '/':
                        if (url[i - 1] == '/')
                        {
                            return false;
                        }

                        continue;
                    case '.':
                        if (url[i - 1] == '/')
                        {
                            return false; // a segment starting with a dot may be a dot segment
                        }

                        continue;
                    case '-':
                    case '_':
                    case '~':
                    case '!':
                    case '$':
                    case '&':
                    case '(':
                    case ')':
                    case '*':
                    case '+':
                    case ',':
                    case ';':
                    case '=':
                    case ':':
                    case '@':
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>The general way: parse with <see cref="Uri"/> and keep scheme, host, port and path.</summary>
        internal static string SanitizeUrlWithUri(string url)
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
