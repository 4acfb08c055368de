using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Tag keys encoded for JSON once and reused. Instrumentation names its tags with literals, so the same key string
    /// object comes back span after span: a small table keyed by object identity turns the per-tag validation, escaping
    /// and UTF-16→UTF-8 transcoding into a reference comparison. A key is admitted on its second sighting (keys built
    /// per span are new strings every time and never get in), and admitted keys stay: colliding hot keys cannot evict
    /// each other back and forth (each eviction would allocate a new encoding). When the table is full, keys are
    /// written as before. One instance per serializer (not thread-safe); at most <see cref="Slots"/> keys of at most
    /// <see cref="JsonValues.MaxKeyLength"/> characters are held.
    /// </summary>
    internal sealed class TagKeyCache
    {
        private const int Slots = 512;
        private const int Probes = 4;

        private readonly string?[] _keys = new string?[Slots];
        private readonly JsonEncodedText[] _encoded = new JsonEncodedText[Slots];
        private readonly string?[] _seen = new string?[Slots];

        /// <summary>Writes <paramref name="key"/> (not null) as the next property name.</summary>
        public void WritePropertyName(Utf8JsonWriter w, string key)
        {
            int home = RuntimeHelpers.GetHashCode(key);
            int free = -1;
            for (int i = 0; i < Probes; i++)
            {
                int slot = (home + i) & (Slots - 1);
                string? held = _keys[slot];
                if (ReferenceEquals(held, key))
                {
                    w.WritePropertyName(_encoded[slot]);
                    return;
                }

                if (held is null && free < 0)
                {
                    free = slot;
                }
            }

            string clean = JsonValues.Key(key);
            if (free >= 0 && key.Length <= JsonValues.MaxKeyLength)
            {
                int place = home & (Slots - 1);
                for (int i = 0; i < Probes; i++)
                {
                    int slot = (home + i) & (Slots - 1);
                    string? seen = _seen[slot];
                    if (ReferenceEquals(seen, key))
                    {
                        JsonEncodedText encoded = EnvelopeFields.Encode(clean);
                        _keys[free] = key;
                        _encoded[free] = encoded;
                        _seen[slot] = null;
                        w.WritePropertyName(encoded);
                        return;
                    }

                    if (seen is null && place == (home & (Slots - 1)))
                    {
                        place = slot;
                    }
                }

                _seen[place] = key;
            }

            w.WritePropertyName(clean);
        }
    }
}
