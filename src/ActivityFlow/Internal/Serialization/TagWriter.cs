using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Writes a span's tags, once, as JSON properties — plain values in a transaction's <c>data</c>, typed values in Span
    /// v2 <c>attributes</c> — while noting the semantic conventions among them (all tags, written or not), so a span's
    /// shape is known when its tags are done. One instance per serializer (its key table is not thread-safe).
    /// </summary>
    internal sealed class TagWriter
    {
        public const int MaxAttributesPerSpan = 2048;
        private const int CompactMaxAttributes = 64;
        private const int CompactMaxString = 512;

        private readonly TagKeyTable _keys = new TagKeyTable();

        /// <summary>A single span is over the item size limit: attributes cut to 64, strings to 512 characters.</summary>
        public bool Compact { get; set; }

        public int MaxString => Compact ? CompactMaxString : JsonValues.MaxStringLength;

        /// <summary>Writes the tags as <c>data</c> properties; returns how many were left out (over the limit, null keys, keys the exporter writes itself).</summary>
        public int WriteData(CompactJsonWriter w, Activity a, ref SpanMapper.Conventions conventions)
        {
            int max = Compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int maxString = MaxString;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                TagKeyTable.Entry? known = Read(tag, ref conventions);
                if (tag.Key is null || written >= max || (known?.WrittenByExporter ?? TagWriter.IsReservedInData(tag.Key)))
                {
                    dropped++;
                    continue;
                }

                Name(w, known, tag.Key);
                JsonValues.WriteValue(w, tag.Value, maxString);
                written++;
            }

            return dropped;
        }

        /// <summary>Writes the tags as typed Span v2 attributes; returns how many were left out.</summary>
        public int WriteAttributes(CompactJsonWriter w, Activity a, ref SpanMapper.Conventions conventions)
        {
            int max = Compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int maxString = MaxString;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                TagKeyTable.Entry? known = Read(tag, ref conventions);
                if (tag.Key is null || written >= max)
                {
                    dropped++;
                    continue;
                }

                if (known?.SkippedInSpanV2 ?? IsSkippedInSpanV2(tag.Key))
                {
                    continue; // the exporter writes these attributes itself
                }

                Name(w, known, tag.Key);
                JsonValues.WriteTyped(w, tag.Value, maxString);
                written++;
            }

            return dropped;
        }

        /// <summary>Notes a tag's convention role (every tag, written or not); returns what the key table knows of its key.</summary>
        private TagKeyTable.Entry? Read(KeyValuePair<string, object?> tag, ref SpanMapper.Conventions conventions)
        {
            if (tag.Key is null)
            {
                return null;
            }

            TagKeyTable.Entry? known = _keys.Find(tag.Key);
            conventions.Read(known?.Role ?? SpanMapper.RoleOf(tag.Key), tag.Value);
            return known;
        }

        /// <summary>A tag key as a property name: the table's encoding when it holds the key, else encoded now.</summary>
        private static void Name(CompactJsonWriter w, TagKeyTable.Entry? known, string key)
        {
            if (known is not null)
            {
                w.Name(known.Name);
            }
            else
            {
                w.Name(key);
            }
        }

        /// <summary>Keys the exporter writes into <c>data</c> itself: a tag of the same name would make a duplicate JSON property.</summary>
        internal static bool IsReservedInData(string key) =>
            key.Length >= 9 && (key == "otel.kind" || key == "otel.status_description" || key == Markers.ParentAlreadySent || key.StartsWith("activityflow.", StringComparison.Ordinal));

        /// <summary>Keys Span v2 attributes leave out: the exporter's own <c>sentry.*</c> and marker attributes, and <c>otel.kind</c>.</summary>
        internal static bool IsSkippedInSpanV2(string key) =>
            key == "otel.kind" || key.StartsWith("sentry.", StringComparison.Ordinal) || key.StartsWith("activityflow.", StringComparison.Ordinal);
    }

    /// <summary>The marker attributes the exporter adds (docs/runtime.md, "Markers").</summary>
    internal static class Markers
    {
        public const string ParentAlreadySent = "sentry.parent_span_already_sent";
        public const string Promotion = "activityflow.promotion";
        public const string Orphan = "activityflow.orphan";
        public const string SplitOf = "activityflow.split_of";
        public const string Truncated = "activityflow.truncated";
        public const string DroppedAttributes = "activityflow.dropped_attributes";
        public const string Unfinished = "activityflow.unfinished";
    }
}
