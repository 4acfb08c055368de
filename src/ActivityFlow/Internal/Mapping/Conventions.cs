using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace ActivityFlow.Internal
{
    internal static partial class SpanMapper
    {
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
}
