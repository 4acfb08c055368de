using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Bounded, fixed-memory set of sent span ids with least-recently-used eviction.
    /// Set-associative: 8 ways per set; each entry is the 8-byte span id plus a 4-byte use stamp (12 bytes per entry).
    /// A lookup hit refreshes the entry. Not thread-safe: the owner serialises access.
    /// </summary>
    internal sealed class SentSpanCache
    {
        private const int Ways = 8;
        private readonly ulong[] _keys;
        private readonly uint[] _stamps;
        private readonly int _setMask;
        private readonly int _setShift;
        private uint _clock;
        private int _count;

        public SentSpanCache(int capacity)
        {
            if (capacity < Ways)
            {
                capacity = Ways;
            }

            int sets = 1;
            while (sets * Ways < capacity)
            {
                sets <<= 1;
            }

            _keys = new ulong[sets * Ways];
            _stamps = new uint[sets * Ways];
            _setMask = sets - 1;
            int bits = 0;
            while ((1 << bits) < sets)
            {
                bits++;
            }

            _setShift = 64 - Math.Max(bits, 1);
        }

        /// <summary>Slots (a power of two, at least the requested capacity).</summary>
        public int Capacity => _keys.Length;

        /// <summary>Ids currently held.</summary>
        public int Count => _count;

        /// <summary>Bytes used by the entries.</summary>
        public long MemoryBytes => (long)_keys.Length * (sizeof(ulong) + sizeof(uint));

        /// <summary>
        /// The span id's 8 bytes as a number (never 0 for a valid id). ActivitySpanId keeps its 16 lowercase hex
        /// characters: they are decoded four at a time from the string, with no allocation and no branch per digit.
        /// </summary>
        public static ulong ToKey(ActivitySpanId id)
        {
            string hex = id.ToHexString();
            if (hex.Length != 16 || !BitConverter.IsLittleEndian)
            {
                Span<byte> bytes = stackalloc byte[8];
                id.CopyTo(bytes);
                return BinaryPrimitives.ReadUInt64BigEndian(bytes);
            }

            ReadOnlySpan<ulong> quads = MemoryMarshal.Cast<char, ulong>(hex.AsSpan());
            return FourDigits(quads[0]) << 48 | FourDigits(quads[1]) << 32 | FourDigits(quads[2]) << 16 | FourDigits(quads[3]);
        }

        /// <summary>Four UTF-16 hex digits, the first in the lowest 16 bits, as a 16-bit number (first digit most significant).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong FourDigits(ulong chars)
        {
            // '0'-'9' (0x30-0x39) carry their value in the low nibble; 'a'-'f' (0x61-0x66) and 'A'-'F' (0x41-0x46)
            // carry 1-6 there and have bit 6 set: add 9 for those.
            ulong letters = (chars >> 6) & 0x0001_0001_0001_0001UL;
            ulong v = (chars & 0x000F_000F_000F_000FUL) + letters * 9;
            return (v & 0xF) << 12 | (v >> 16 & 0xF) << 8 | (v >> 32 & 0xF) << 4 | v >> 48;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int SetStart(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _setShift & (ulong)_setMask) * Ways;

        public bool Contains(ActivitySpanId id) => Contains(ToKey(id));

        public void Add(ActivitySpanId id) => Add(ToKey(id));

        /// <summary>True when <paramref name="key"/> is held; a hit counts as a use.</summary>
        public bool Contains(ulong key)
        {
            if (key == 0)
            {
                return false;
            }

            int start = SetStart(key);
            ulong[] keys = _keys;
            for (int i = start; i < start + Ways; i++)
            {
                if (keys[i] == key)
                {
                    _stamps[i] = ++_clock;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Adds <paramref name="key"/>, evicting the least recently used id of its set when the set is full.</summary>
        public void Add(ulong key)
        {
            if (key == 0)
            {
                return;
            }

            int start = SetStart(key);
            ulong[] keys = _keys;
            uint[] stamps = _stamps;
            uint now = ++_clock;
            int victim = -1;
            uint oldestAge = 0;
            for (int i = start; i < start + Ways; i++)
            {
                ulong k = keys[i];
                if (k == key)
                {
                    stamps[i] = now;
                    return;
                }

                if (k == 0)
                {
                    if (victim < 0 || keys[victim] != 0)
                    {
                        victim = i;
                        oldestAge = uint.MaxValue;
                    }

                    continue;
                }

                if (victim >= 0 && keys[victim] == 0)
                {
                    continue;
                }

                uint age = unchecked(now - stamps[i]);
                if (victim < 0 || age > oldestAge)
                {
                    victim = i;
                    oldestAge = age;
                }
            }

            if (keys[victim] == 0)
            {
                _count++;
            }

            keys[victim] = key;
            stamps[victim] = now;
        }
    }
}
