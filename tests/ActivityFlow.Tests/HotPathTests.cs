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
                w.WriteStartObject();
                JsonValues.WriteUnixSeconds(w, EnvelopeFields.Timestamp, at);
                w.WriteEndObject();
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
                w.WriteStartObject();
                JsonValues.WriteUnixSeconds(w, EnvelopeFields.Timestamp, at);
                w.WriteEndObject();
            });
            Assert.Equal(-0.5, JsonDocument.Parse(json).RootElement.GetProperty("timestamp").GetDouble(), 6);
        }

        [Fact]
        public void TagKeysAreWrittenAlikeCachedOrNot()
        {
            string literal = "http.request.method";
            string lone = "bad\uD800key";
            string longKey = new string('k', 400);
            var keys = new List<string>();
            for (int round = 0; round < 4; round++)
            {
                keys.Add(literal);
                keys.Add(lone);
                keys.Add(longKey);
                keys.Add(string.Empty);
                keys.Add("dynamic." + round); // a new string every time
            }

            for (int i = 0; i < 700; i++)
            {
                string many = "key." + i; // more keys than the table holds, each seen three times
                keys.Add(many);
                keys.Add(many);
                keys.Add(many);
            }

            var cache = new TagKeyCache();
            string cached = Write(w =>
            {
                w.WriteStartArray();
                foreach (string key in keys)
                {
                    w.WriteStartObject();
                    cache.WritePropertyName(w, key);
                    w.WriteNullValue();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            string plain = Write(w =>
            {
                w.WriteStartArray();
                foreach (string key in keys)
                {
                    w.WriteStartObject();
                    w.WritePropertyName(JsonValues.Key(key));
                    w.WriteNullValue();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            Assert.Equal(plain, cached);
            Assert.Contains("\"bad\uFFFDkey\"", cached);
        }

        [Fact]
        public void ReleasedEnvelopeRefusesReadsAndReleasesOnce()
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(10);
            Encoding.ASCII.GetBytes("{}\n{}\n{}\n").CopyTo(rented, 0);
            SerializedEnvelope envelope = SerializedEnvelope.FromPool(rented, 9, DataCategory.Span, 0, 1);
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
            using var serializer = new EnvelopeSerializer(settings, new ManualClock());
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

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
            {
                write(w);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
