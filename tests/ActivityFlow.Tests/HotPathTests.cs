using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    /// <summary>The shortcuts of the export path give exactly what the plain way gives.</summary>
    public class HotPathTests
    {
        private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

        [Theory]
        [InlineData("0123456789abcdef", 0x0123456789abcdefUL)]
        [InlineData("ffffffffffffffff", ulong.MaxValue)]
        [InlineData("0000000000000001", 1UL)]
        [InlineData("a0b1c2d3e4f5a6b7", 0xa0b1c2d3e4f5a6b7UL)]
        public void SpanIdKeyIsTheIdsValue(string hex, ulong expected)
        {
            Assert.Equal(expected, SentSpanCache.ToKey(ActivitySpanId.CreateFromString(hex.AsSpan())));
        }

        [Fact]
        public void SpanIdKeyIsTheBigEndianBytesForRandomIds()
        {
            Span<byte> bytes = stackalloc byte[8];
            for (int i = 0; i < 10_000; i++)
            {
                ActivitySpanId id = ActivitySpanId.CreateRandom();
                id.CopyTo(bytes);
                Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(bytes), SentSpanCache.ToKey(id));
            }
        }

        [Theory]
        [InlineData(0L, "1795305600")]
        [InlineData(5_000_000L, "1795305600.5")]
        [InlineData(1_234_567L, "1795305600.123457")]
        [InlineData(1_234_564L, "1795305600.123456")]
        [InlineData(10L, "1795305600.000001")]
        [InlineData(9_999_996L, "1795305601")]
        [InlineData(1_000L, "1795305600.0001")]
        public void UnixSecondsAreExactMicroseconds(long ticksAfter, string expected)
        {
            DateTime at = Spans.T0.AddTicks(ticksAfter);
            string json = Write(w =>
            {
                w.StartObject();
                w.Name(EnvelopeFields.Timestamp);
                w.UnixSeconds(at);
                w.EndObject();
            });
            Assert.Equal("{\"timestamp\":" + expected + "}", json);
            double parsed = JsonDocument.Parse(json).RootElement.GetProperty("timestamp").GetDouble();
            Assert.Equal(JsonValues.UnixSeconds(at), parsed, 6);
        }

        [Fact]
        public void UnixSecondsBefore1970FallBackToTheDouble()
        {
            DateTime at = new DateTime(1969, 12, 31, 23, 59, 59, 500, DateTimeKind.Utc);
            string json = Write(w =>
            {
                w.StartObject();
                w.Name(EnvelopeFields.Timestamp);
                w.UnixSeconds(at);
                w.EndObject();
            });
            Assert.Equal(-0.5, JsonDocument.Parse(json).RootElement.GetProperty("timestamp").GetDouble(), 6);
        }

        public static IEnumerable<object?[]> Strings() => new[]
        {
            new object?[] { "plain ascii" },
            new object?[] { "quote \" and backslash \\ and slash /" },
            new object?[] { "controls \u0000\u0001\b\f\n\r\t\u001f end" },
            new object?[] { "unicode é ß 中文 \u2028 \u2029 \u007f" },
            new object?[] { "emoji 😀 pair" },
            new object?[] { "lone high \uD800 and lone low \uDC00 and reversed \uDC00\uD800" },
            new object?[] { "\uD83D" },
            new object?[] { "html <script>&'" },
            new object?[] { string.Empty },
            new object?[] { null },
            new object?[] { new string('x', JsonValues.MaxStringLength + 5) },
            new object?[] { new string('y', JsonValues.MaxStringLength - 1) + "😀" },
            new object?[] { new string('"', 3000) + new string('\n', 3000) },
        };

        [Theory]
        [MemberData(nameof(Strings))]
        public void StringsReadBackAsTheirCleanedSelves(string? text)
        {
            string json = Write(w =>
            {
                w.StartObject();
                w.Name(text);
                w.String(text);
                w.EndObject();
            });
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonProperty property = Assert.Single(doc.RootElement.EnumerateObject());
            Assert.Equal(JsonValues.Key(text), property.Name);
            Assert.Equal(JsonValues.Clean(text), property.Value.GetString());
        }

        [Fact]
        public void ValuesOfEveryKindMakeValidJson()
        {
            var values = new object?[]
            {
                null, true, false, 0, -1, long.MinValue, ulong.MaxValue, (short)-3, (byte)7, (sbyte)-7, (ushort)9, 4u,
                0.1, -2.5e-300, double.MaxValue, double.NaN, double.PositiveInfinity, 1.5f, float.NegativeInfinity, 79228162514264337593543950335m,
                'c', '"', new DateTime(2026, 11, 22, 1, 2, 3, DateTimeKind.Utc), TimeSpan.FromSeconds(90), Guid.Empty,
                new byte[] { 1, 2, 3 }, new[] { "a", "b\"" }, new[] { 1.0, double.NaN }, new List<object?> { 1, "two", null, new[] { 3 } },
            };
            string json = Write(w =>
            {
                w.StartArray();
                foreach (object? value in values)
                {
                    JsonValues.WriteValue(w, value);
                    w.StartObject();
                    w.Name("typed");
                    JsonValues.WriteTyped(w, value, JsonValues.MaxStringLength);
                    w.EndObject();
                }

                w.EndArray();
            });
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement[] items = doc.RootElement.EnumerateArray().ToArray();
            Assert.Equal(values.Length * 2, items.Length);
            Assert.Equal(0.1, items[24].GetDouble());
            Assert.Equal(double.MaxValue, items[28].GetDouble());
            Assert.Equal("NaN", items[30].GetString());
            Assert.Equal("double", items[25].GetProperty("typed").GetProperty("type").GetString());
            Assert.Equal(ulong.MaxValue, items[12].GetUInt64());
        }

        [Theory]
        [InlineData("http://inventory.internal/items/42", true)]
        [InlineData("https://api.example.com/v1/orders?id=5#top", true)]
        [InlineData("https://user:secret@api.example.com/v1", false)]
        [InlineData("http://inventory.internal:8080/items", false)]
        [InlineData("http://inventory.internal:80/items", false)]
        [InlineData("http://10.0.0.1/items", false)]
        [InlineData("http://127.1/items", false)]
        [InlineData("http://0x7f.1/items", false)]
        [InlineData("http://Inventory.Internal/items", false)]
        [InlineData("HTTP://inventory.internal/items", false)]
        [InlineData("http://inventory.internal", false)]
        [InlineData("http://inventory.internal/a/../b", false)]
        [InlineData("http://inventory.internal/a/./b", false)]
        [InlineData("http://inventory.internal/a//b", false)]
        [InlineData("http://inventory.internal/a%20b", false)]
        [InlineData("http://inventory.internal/a b", false)]
        [InlineData("http://inventory.internal/caf\u00e9", false)]
        [InlineData("http://xn--caf-dma.example/a", true)]
        [InlineData("http://inventory.internal/a\\b", false)]
        [InlineData("ftp://inventory.internal/a", false)]
        [InlineData("http://host./a", false)]
        [InlineData("http://-host/a", false)]
        [InlineData("http://localhost/a;b=c,d(e)*f+g!h$i&j~k_l-m.n:o@p", true)]
        public void PlainUrlsSkipUriParsingAndGiveTheSameResult(string url, bool plain)
        {
            Assert.Equal(plain, SpanMapper.IsPlainHttpUrl(url, out _));
            Assert.Equal(SpanMapper.SanitizeUrlWithUri(url), SpanMapper.SanitizeUrl(url));
        }

        [Fact]
        public void RandomUrlsGiveWhatUriGives()
        {
            var rnd = new Random(11);
            string[] schemes = { "http://", "https://", "HTTP://", "http:/" };
            string[] hosts = { "a.b", "inventory.internal", "localhost", "x-y.z9", "10.1.2.3", "1.2", "0x10", "h.", "Up.case", "a..b", "user@h.io", "h.io:81", "h.io:80", "[::1]", "" };
            const string anyChars = "abzAZ09/-._~!$&'()*+,;=:@%?#[] \\\"<>^`{|}éß";
            const string plainChars = "abzAZ09/-._~!$&()*+,;=:@?#";
            int plain = 0;
            for (int n = 0; n < 20_000; n++)
            {
                var url = new StringBuilder(schemes[rnd.Next(schemes.Length)]).Append(hosts[rnd.Next(hosts.Length)]);
                string chars = rnd.Next(2) == 0 ? anyChars : plainChars;
                int length = rnd.Next(0, 12);
                for (int i = 0; i < length; i++)
                {
                    url.Append(i == 0 && rnd.Next(4) != 0 ? '/' : chars[rnd.Next(chars.Length)]);
                }

                string text = url.ToString();
                if (SpanMapper.IsPlainHttpUrl(text, out _))
                {
                    plain++;
                }

                Assert.True(SpanMapper.SanitizeUrlWithUri(text) == SpanMapper.SanitizeUrl(text), text);
            }

            Assert.InRange(plain, 500, 19_000); // the fast path is exercised, and does not take everything
        }

        [Fact]
        public void RootAttributesRepeatItsDataTags()
        {
            using var h = new Harness();
            Activity root = Spans.Root("GET /x", ActivityKind.Server);
            root.SetTag("http.request.method", "GET");
            root.SetTag("quote\"key", "va\\lue \n 😀");
            root.SetTag("otel.kind", "reserved: the exporter writes its own");
            root.SetTag("count", 3);
            root.SetTag("ratio", 0.25);
            root.SetTag("flags", new[] { true, false });
            root.End();
            h.Export(root);
            ParsedEnvelope e = Assert.Single(h.Flush());
            JsonElement attributes = e.Payload.GetProperty("contexts").GetProperty("otel").GetProperty("attributes");
            var expected = new[] { "http.request.method", "quote\"key", "count", "ratio", "flags" };
            Assert.Equal(expected, attributes.EnumerateObject().Select(p => p.Name));
            foreach (JsonProperty attribute in attributes.EnumerateObject())
            {
                Assert.Equal(e.Data().GetProperty(attribute.Name).GetRawText(), attribute.Value.GetRawText());
            }

            Assert.Equal("va\\lue \n 😀", attributes.Str("quote\"key"));
            Assert.Equal("SERVER", e.Data().Str("otel.kind"));
        }

        /// <summary>The first sighting of a key is written the slow way, the second admits it to the serializer's key
        /// table, later ones come from the table: every round must write the same thing, also past the table's size.</summary>
        [Theory]
        [InlineData(TraceLifecycle.Static)]
        [InlineData(TraceLifecycle.Stream)]
        public void TagKeysAreWrittenAlikeKnownOrNot(TraceLifecycle lifecycle)
        {
            var settings = ExporterSettings.Resolve(new SentryExporterOptions(), _ => null);
            using var serializer = new EnvelopeSerializer(new ManualClock(), () => Identities.Default);
            Activity root = Spans.Root("root", ActivityKind.Server);
            root.SetTag("http.request.method", "GET");
            root.SetTag("url.path", "/a");
            root.SetTag("otel.kind", "written by the exporter");
            root.SetTag("sentry.op", "custom.op");
            root.SetTag("quote\"key", 1);
            for (int i = 0; i < 700; i++)
            {
                root.SetTag("k" + i, i); // more keys than the table holds
            }

            Activity child = Spans.Child(root, "child");
            foreach (KeyValuePair<string, object?> tag in root.EnumerateTagObjects())
            {
                child.SetTag(tag.Key, tag.Value);
            }

            child.End(1);
            root.End();
            string? first = null;
            for (int round = 0; round < 4; round++)
            {
                WorkItem work = lifecycle == TraceLifecycle.Static
                    ? new TransactionWork(root, new[] { child }, Promotion.None)
                    : new SpanBatchWork(root.TraceId, new List<Activity> { root, child });
                SerializedEnvelope envelope = Assert.Single(serializer.Serialize(work));
                ParsedEnvelope parsed = ParsedEnvelope.Parse(envelope.ToArray());
                envelope.Release();
                JsonElement span = lifecycle == TraceLifecycle.Static ? parsed.Payload.GetProperty("spans")[0] : parsed.Payload.GetProperty("items")[0];
                string text = parsed.Payload.GetRawText();
                if (parsed.Payload.TryGetProperty("event_id", out JsonElement eventId))
                {
                    text = text.Replace(eventId.GetString()!, "(event id)"); // new per envelope
                }

                first ??= text;
                Assert.Equal(first, text);
                if (lifecycle == TraceLifecycle.Static)
                {
                    Assert.Equal("custom.op", span.Str("op"));
                    Assert.Equal("custom.op", parsed.Trace().Str("op"));
                    Assert.False(span.GetProperty("data").TryGetProperty("otel.kind", out _)); // the tag is the exporter's; an internal span has none
                    Assert.Equal(1, span.GetProperty("data").GetProperty("quote\"key").GetInt32());
                    Assert.Equal(699, span.GetProperty("data").GetProperty("k699").GetInt32());
                }
                else
                {
                    JsonElement attributes = span.GetProperty("attributes");
                    Assert.Equal("custom.op", attributes.GetProperty("sentry.op").Str("value"));
                    Assert.Equal("SERVER", attributes.GetProperty("otel.kind").Str("value"));
                    Assert.Equal("custom.op", parsed.Payload.GetProperty("items")[1].GetProperty("attributes").GetProperty("sentry.op").Str("value"));
                    Assert.Equal(699, attributes.GetProperty("k699").GetProperty("value").GetInt32());
                }
            }
        }

        [Fact]
        public void ReleasedEnvelopeRefusesReadsAndReleasesOnce()
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(10);
            Encoding.ASCII.GetBytes("{}\n{}\n{}\n").CopyTo(rented, 0);
            SerializedEnvelope envelope = SerializedEnvelope.FromPool(rented, 9, new EnvelopeLayout(6, 2, -1, -1), new ItemFrame(ItemKind.Span, 1, DataCategory.Span, 0, 1), Identities.Default);
            Assert.Equal("{}\n{}\n{}\n", Encoding.ASCII.GetString(envelope.ToArray()));
            Assert.Equal(9, envelope.Bytes.Count);
            envelope.Release();
            envelope.Release();
            Assert.Throws<ObjectDisposedException>(() => envelope.Bytes);
        }

        [Fact]
        public void EveryEnvelopeHasItsOwnEventId()
        {
            var settings = ExporterSettings.Resolve(new SentryExporterOptions(), _ => null);
            using var serializer = new EnvelopeSerializer(new ManualClock(), () => Identities.Default);
            var ids = new HashSet<string>();
            for (int i = 0; i < 2000; i++)
            {
                Activity root = Spans.Root("root " + i).End();
                foreach (SerializedEnvelope envelope in serializer.Serialize(new TransactionWork(root, Array.Empty<Activity>(), Promotion.None)))
                {
                    ParsedEnvelope parsed = ParsedEnvelope.Parse(envelope.ToArray());
                    string id = parsed.Header.GetProperty("event_id").GetString()!;
                    Assert.Equal(id, parsed.Payload.GetProperty("event_id").GetString());
                    Assert.Matches("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$", id);
                    Assert.True(ids.Add(id));
                    envelope.Release();
                }
            }
        }

        /// <summary>Nodes of sent spans are reused: roots sent by overflow while still in the grace queue, placeholders
        /// emptied by promotions and late children all cycle through the pool without mixing traces.</summary>
        [Fact]
        public void ReusedNodesNeverMixTraces()
        {
            using var h = new Harness(o => o.MaxPendingSpans = 12);
            var rnd = new Random(7);
            var expected = new Dictionary<string, string>(); // span id -> trace id
            var together = new Dictionary<string, string>(); // child id -> root id: exported with its root, so sent with it
            var late = new List<Activity>();
            for (int round = 0; round < 300; round++)
            {
                Activity root = Spans.Root("root " + round);
                var kids = Enumerable.Range(0, rnd.Next(1, 6)).Select(i => Spans.Child(root, "k" + i)).ToList();
                Activity orphan = Spans.Orphan("orphan " + round);
                Activity orphanKid = Spans.Child(orphan, "orphan kid").End(1);
                foreach (Activity k in kids.Skip(1))
                {
                    k.End(1);
                }

                root.End(10);
                late.Add(kids[0]);
                h.Export(kids.Skip(1).Append(orphanKid).Append(root).ToArray());
                foreach (Activity a in kids.Append(root).Append(orphanKid))
                {
                    expected[a.SpanId.ToHexString()] = a.TraceId.ToHexString();
                }

                foreach (Activity k in kids.Skip(1))
                {
                    together[k.SpanId.ToHexString()] = root.SpanId.ToHexString();
                }

                if (rnd.Next(3) == 0)
                {
                    h.Advance(Grace);
                    foreach (Activity l in late)
                    {
                        l.End(50);
                        h.Export(l);
                    }

                    late.Clear();
                }
            }

            foreach (Activity l in late)
            {
                l.End(50);
                h.Export(l);
            }

            List<ParsedEnvelope> all = h.Flush();
            var seen = new Dictionary<string, string>();
            var sentWith = new Dictionary<string, string>(); // span id -> the transaction's root span id
            foreach (ParsedEnvelope e in all)
            {
                string trace = e.Trace().Str("trace_id")!;
                string top = e.Trace().Str("span_id")!;
                seen.Add(top, trace);
                sentWith.Add(top, top);
                foreach (JsonElement span in e.Payload.GetProperty("spans").EnumerateArray())
                {
                    Assert.Equal(trace, span.GetProperty("trace_id").GetString());
                    seen.Add(span.GetProperty("span_id").GetString()!, trace);
                    sentWith.Add(span.GetProperty("span_id").GetString()!, top);
                }
            }

            Assert.Equal(expected.OrderBy(kv => kv.Key), seen.OrderBy(kv => kv.Key));
            Assert.All(together, kv => Assert.Equal(kv.Value, sentWith[kv.Key]));
            Assert.Equal(0, h.Static.NodeCount);
            Assert.Equal(0, h.Static.PendingCount);
        }

        private static string Write(Action<CompactJsonWriter> write)
        {
            using var w = new CompactJsonWriter(16);
            write(w);
            return Encoding.UTF8.GetString(w.Written);
        }
    }
}
