using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ActivityFlow.IntegrationTests.Spotlight;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the envelopes the exporter wrote to <c>SentryExporterOptions.EnvelopeDirectory</c>
/// (uncompressed envelope bytes, one file each), into the same shape Spotlight re-broadcasts.
/// </summary>
public static class EnvelopeFiles
{
    public static IReadOnlyList<SpotlightEnvelope> ReadAll(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.envelope").Order(StringComparer.Ordinal).Select(f => Parse(File.ReadAllBytes(f))).ToArray()
            : [];

    /// <summary>Envelope format: header line, then per item a header line and a payload of <c>length</c> bytes (or up to the newline).</summary>
    public static SpotlightEnvelope Parse(byte[] bytes)
    {
        var position = 0;
        var header = ParseJson(ReadLine(bytes, ref position).Span);
        var items = new List<SpotlightItem>();
        while (position < bytes.Length)
        {
            var itemHeaderBytes = ReadLine(bytes, ref position);
            if (itemHeaderBytes.Length == 0)
            {
                continue;
            }

            var itemHeader = ParseJson(itemHeaderBytes.Span);
            ReadOnlyMemory<byte> payload;
            if (itemHeader.TryGetProperty("length", out var length))
            {
                payload = bytes.AsMemory(position, length.GetInt32());
                position += payload.Length + 1;
            }
            else
            {
                payload = ReadLine(bytes, ref position);
            }

            var type = itemHeader.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            items.Add(new SpotlightItem(type, itemHeader, ParseJson(payload.Span)));
        }

        return new SpotlightEnvelope("application/x-sentry-envelope", header, items);
    }

    private static ReadOnlyMemory<byte> ReadLine(byte[] bytes, ref int position)
    {
        var start = position;
        var end = Array.IndexOf(bytes, (byte)'\n', start);
        var length = (end < 0 ? bytes.Length : end) - start;
        position = start + length + 1;
        return bytes.AsMemory(start, length);
    }

    private static JsonElement ParseJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }
}
