using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    public class MappingTests
    {
        private static KeyValuePair<string, object?> T(string k, object? v) => new KeyValuePair<string, object?>(k, v);

        private static SpanShape Map(ActivityKind kind, bool root, params KeyValuePair<string, object?>[] tags)
        {
            Activity a = root ? Spans.Root("op name", kind, tags: tags) : Spans.Child(Spans.Root("r"), "op name", kind, tags: tags);
            return SpanMapper.Map(a.End(), root);
        }

        [Fact]
        public void HttpServerUsesTheRoute()
        {
            SpanShape s = Map(ActivityKind.Server, true, T("http.request.method", "GET"), T("http.route", "/orders/{id}"), T("url.path", "/orders/7"), T("http.response.status_code", 200));
            Assert.Equal("http.server", s.Op);
            Assert.Equal("GET /orders/{id}", s.Description);
            Assert.Equal("route", s.Source);
            Assert.Equal("ok", s.Status);
            Assert.Equal("auto.otel", s.Origin);
        }

        [Fact]
        public void HttpServerWithoutRouteUsesTheTargetAsUrl()
        {
            SpanShape s = Map(ActivityKind.Server, true, T("http.method", "POST"), T("http.target", "/api/x?secret=1"));
            Assert.Equal("POST /api/x", s.Description);
            Assert.Equal("url", s.Source);
        }

        [Fact]
        public void HttpClientSanitizesTheUrl()
        {
            SpanShape s = Map(ActivityKind.Client, false, T("http.request.method", "GET"), T("url.full", "https://user:pw@api.example.com/v1/items?token=abc#frag"), T("http.response.status_code", 404));
            Assert.Equal("http.client", s.Op);
            Assert.Equal("GET https://api.example.com/v1/items", s.Description);
            Assert.Equal("not_found", s.Status);
        }

        [Fact]
        public void DbUsesTheStatement()
        {
            SpanShape s = Map(ActivityKind.Client, false, T("db.system.name", "postgresql"), T("db.query.text", "SELECT 1"));
            Assert.Equal("db", s.Op);
            Assert.Equal("SELECT 1", s.Description);
            Assert.Equal("task", s.Source);
        }

        [Fact]
        public void RpcAndGrpcStatus()
        {
            SpanShape s = Map(ActivityKind.Client, false, T("rpc.system", "grpc"), T("rpc.service", "Greeter"), T("rpc.grpc.status_code", 5));
            Assert.Equal("rpc", s.Op);
            Assert.Equal("not_found", s.Status);
            Assert.Equal("ok", Map(ActivityKind.Client, false, T("rpc.service", "Greeter"), T("rpc.grpc.status_code", 0)).Status);
        }

        [Fact]
        public void ProducerAndConsumerUseTheQueuesModuleOps()
        {
            SpanShape p = Map(ActivityKind.Producer, false, T("messaging.system", "kafka"), T("messaging.destination.name", "orders"));
            Assert.Equal("queue.publish", p.Op);
            Assert.Equal("orders", p.Description);
            Assert.Equal("queue.process", Map(ActivityKind.Consumer, true, T("messaging.system", "kafka")).Op);
            Assert.Equal("queue.publish", Map(ActivityKind.Producer, false).Op);
            Assert.Equal("queue.process", Map(ActivityKind.Consumer, false).Op);
            Assert.Equal("queue.receive", Map(ActivityKind.Consumer, false, T("messaging.system", "kafka"), T("messaging.operation.type", "receive")).Op);
        }

        [Fact]
        public void OtherwiseTheOperationName()
        {
            SpanShape s = Map(ActivityKind.Internal, false);
            Assert.Equal("op name", s.Op);
            Assert.Equal("op name", s.Description);
            Assert.Equal("custom", s.Source);
        }

        [Fact]
        public void ExplicitSentryAttributesWin()
        {
            SpanShape s = Map(ActivityKind.Internal, false, T("sentry.op", "function"), T("sentry.origin", "manual"), T("sentry.source", "task"));
            Assert.Equal("function", s.Op);
            Assert.Equal("manual", s.Origin);
            Assert.Equal("task", s.Source);
        }

        [Theory]
        [InlineData(ActivityStatusCode.Ok, null, null, "ok")]
        [InlineData(ActivityStatusCode.Unset, null, null, "ok")]
        [InlineData(ActivityStatusCode.Error, null, null, "internal_error")]
        [InlineData(ActivityStatusCode.Error, "not_found", null, "not_found")]
        [InlineData(ActivityStatusCode.Error, "boom", 503, "unavailable")]
        [InlineData(ActivityStatusCode.Unset, null, 429, "resource_exhausted")]
        [InlineData(ActivityStatusCode.Unset, null, 401, "unauthenticated")]
        [InlineData(ActivityStatusCode.Unset, null, 418, "invalid_argument")]
        [InlineData(ActivityStatusCode.Unset, null, 504, "deadline_exceeded")]
        [InlineData(ActivityStatusCode.Ok, null, 500, "ok")]
        public void Status(ActivityStatusCode code, string? description, int? http, string expected)
        {
            Activity a = Spans.Root("x", ActivityKind.Server, tags: http is null ? null : new[] { T("http.response.status_code", http.Value) });
            a.SetStatus(code, description);
            Assert.Equal(expected, SpanMapper.Map(a.End(), true).Status);
        }

        [Fact]
        public void TransactionCarriesDataOtelContextResourceAndResponse()
        {
            using var h = new Harness(o => { o.Environment = "staging"; o.Release = "app@1.2.3"; }, s => s.Resource = () => new[] { new KeyValuePair<string, object>("service.name", "orders") });
            Activity root = Spans.Root("GET /orders/{id}", ActivityKind.Server, tags: new[] { T("http.request.method", "GET"), T("http.route", "/orders/{id}"), T("http.response.status_code", 500), T("custom.count", 3), T("custom.flag", true), T("custom.list", new[] { "a", "b" }) });
            root.SetStatus(ActivityStatusCode.Error, "kaput");
            Activity db = Spans.Child(root, "SELECT", ActivityKind.Client, tags: new[] { T("db.system", "mssql"), T("db.statement", "SELECT 1") }).End();
            root.End();
            h.Export(db, root);
            ParsedEnvelope e = Assert.Single(h.Flush());
            JsonElement p = e.Payload;
            Assert.Equal("transaction", p.Str("type"));
            Assert.Equal("csharp", p.Str("platform"));
            Assert.Equal("GET /orders/{id}", p.Str("transaction"));
            Assert.Equal("route", p.GetProperty("transaction_info").Str("source"));
            Assert.Equal("staging", p.Str("environment"));
            Assert.Equal("app@1.2.3", p.Str("release"));
            JsonElement trace = e.Trace();
            Assert.Equal("http.server", trace.Str("op"));
            Assert.Equal("internal_error", trace.Str("status"));
            Assert.Equal("auto.otel", trace.Str("origin"));
            Assert.Equal(3, trace.GetProperty("data").GetProperty("custom.count").GetInt32());
            Assert.True(trace.GetProperty("data").HasTrue("custom.flag"));
            Assert.Equal(2, trace.GetProperty("data").GetProperty("custom.list").GetArrayLength());
            Assert.Equal("SERVER", trace.GetProperty("data").Str("otel.kind"));
            JsonElement otel = p.GetProperty("contexts").GetProperty("otel");
            Assert.Equal("GET", otel.GetProperty("attributes").Str("http.request.method"));
            Assert.Equal("orders", otel.GetProperty("resource").Str("service.name"));
            Assert.Equal(500, p.GetProperty("contexts").GetProperty("response").GetProperty("status_code").GetInt32());
            JsonElement span = p.GetProperty("spans")[0];
            Assert.Equal("db", span.Str("op"));
            Assert.Equal("SELECT 1", span.Str("description"));
            Assert.Equal("auto.otel", span.Str("origin"));
            Assert.Equal(root.TraceId.ToHexString(), span.Str("trace_id"));
            Assert.True(p.GetProperty("start_timestamp").GetDouble() <= p.GetProperty("timestamp").GetDouble());
            Assert.Equal(JsonValues.UnixSeconds(root.StartTimeUtc), p.GetProperty("start_timestamp").GetDouble(), 6);
        }

        [Fact]
        public void EnvelopeBytesParseBackWithExactLengthsAndHeaders()
        {
            using var h = new Harness(o => o.Dsn = "http://publickey@127.0.0.1:9/42"); // nothing listens on port 9
            Activity root = Spans.Root("ünïcødé € 😀 name", tags: new[] { T("emoji", "😀😀 \n newline \"quote\"") }).End();
            h.Export(root);
            h.Exporter.Pipeline!.Drain();
            ParsedEnvelope e = Assert.Single(h.Take());
            Assert.Equal(e.Payload.Str("event_id"), e.Header.Str("event_id"));
            Assert.Equal(32, e.Header.Str("event_id").Length);
            Assert.Equal("transaction", e.Item.Header.Str("type"));
            Assert.Equal("application/json", e.Item.Header.Str("content_type"));
            Assert.Equal(e.Item.Payload.Length, e.Item.Header.GetProperty("length").GetInt32());
            Assert.Equal("ünïcødé € 😀 name", e.Payload.Str("transaction"));
            JsonElement trace = e.Header.GetProperty("trace");
            Assert.Equal(root.TraceId.ToHexString(), trace.Str("trace_id"));
            Assert.Equal("publickey", trace.Str("public_key"));
            Assert.Equal("1", trace.Str("sample_rate"));
            Assert.Equal("true", trace.Str("sampled"));
            Assert.Equal("production", trace.Str("environment"));
            Assert.EndsWith("Z", e.Header.Str("sent_at"));
            Assert.Equal(ExporterSdk.Name, e.Header.GetProperty("sdk").Str("name"));
        }

        [Fact]
        public void ClientReportEnvelopeShape()
        {
            using var writer = new ClientReportWriter(new ManualClock());
            SerializedEnvelope env = writer.Write(
                new List<(DiscardReason, DataCategory, long)>
                {
                    (DiscardReason.QueueOverflow, DataCategory.Transaction, 1),
                    (DiscardReason.QueueOverflow, DataCategory.Span, 4),
                },
                Identities.Default)!;
            ParsedEnvelope e = ParsedEnvelope.Parse(env.ToArray());
            Assert.Equal("client_report", e.ItemType);
            JsonElement[] events = e.Payload.GetProperty("discarded_events").EnumerateArray().ToArray();
            Assert.Equal(2, events.Length);
            Assert.Contains(events, x => x.Str("reason") == "queue_overflow" && x.Str("category") == "span" && x.GetProperty("quantity").GetInt32() == 4);
            Assert.True(e.Payload.TryGetProperty("timestamp", out _));
        }
    }
}
