using System;
using System.Runtime.CompilerServices;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Tag keys worked out once per key object: the JSON name, the semantic-convention role, and whether the exporter
    /// writes that key itself. Instrumentation names its tags with literals, so the same string object comes back span
    /// after span and a reference comparison replaces escaping, transcoding and a string switch per tag. A key is
    /// admitted on its second sighting (keys built per span are new strings every time and never get in), and admitted
    /// keys stay, so colliding keys cannot evict each other back and forth; when the table is full, keys are handled
    /// the slow way. One instance per serializer (not thread-safe); at most <see cref="Slots"/> keys of at most
    /// <see cref="JsonValues.MaxKeyLength"/> characters are held.
    /// </summary>
    internal sealed class TagKeyTable
    {
        private const int Slots = 512;
        private const int Probes = 4;

        private readonly Entry?[] _entries = new Entry?[Slots];
        private readonly string?[] _seen = new string?[Slots];

        /// <summary>What is known about one tag key.</summary>
        internal sealed class Entry
        {
            public Entry(string key)
            {
                Key = key;
                Name = new JsonName(key);
                Role = SpanMapper.RoleOf(key);
                WrittenByExporter = TagWriter.IsReservedInData(key);
                SkippedInSpanV2 = TagWriter.IsSkippedInSpanV2(key);
            }

            public string Key { get; }

            public JsonName Name { get; }

            public TagRole Role { get; }

            /// <summary>The exporter writes this key into a transaction's <c>data</c> itself.</summary>
            public bool WrittenByExporter { get; }

            /// <summary>Span v2 attributes leave this key out.</summary>
            public bool SkippedInSpanV2 { get; }
        }

        /// <summary>The entry for <paramref name="key"/>, or null while the key is not held.</summary>
        public Entry? Find(string key)
        {
            int home = RuntimeHelpers.GetHashCode(key);
            int free = -1;
            for (int i = 0; i < Probes; i++)
            {
                int slot = (home + i) & (Slots - 1);
                Entry? held = _entries[slot];
                if (held is null)
                {
                    if (free < 0)
                    {
                        free = slot;
                    }
                }
                else if (ReferenceEquals(held.Key, key))
                {
                    return held;
                }
            }

            if (free < 0 || key.Length > JsonValues.MaxKeyLength)
            {
                return null;
            }

            int place = home & (Slots - 1);
            for (int i = 0; i < Probes; i++)
            {
                int slot = (home + i) & (Slots - 1);
                string? seen = _seen[slot];
                if (ReferenceEquals(seen, key))
                {
                    _seen[slot] = null;
                    return _entries[free] = new Entry(key);
                }

                if (seen is null && place == (home & (Slots - 1)))
                {
                    place = slot;
                }
            }

            _seen[place] = key;
            return null;
        }
    }
}
