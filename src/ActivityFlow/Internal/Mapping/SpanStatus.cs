using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>Sentry span status from the Activity's status and the HTTP and gRPC status codes.</summary>
    internal static partial class SpanMapper
    {
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
    }
}
