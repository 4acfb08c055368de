using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
#if NET8_0_OR_GREATER
using System.Text.Unicode;
#endif

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Writes compact JSON straight into a buffer rented from <see cref="ArrayPool{T}.Shared"/>. The envelope's shape is
    /// fixed by our code, so this writer keeps no document state beyond "does the next element need a comma" and does
    /// no structural checks (replacing Utf8JsonWriter with it took 15 % off the static export time per span). Strings
    /// are transcoded to UTF-8 with invalid UTF-16 replaced by U+FFFD, and escaped where JSON requires it
    /// (<c>"</c>, <c>\</c>, control characters); everything else is written as UTF-8. One instance per thread.
    /// </summary>
    internal sealed class CompactJsonWriter : IDisposable
    {
        private const int HugeBuffer = 4 * 1024 * 1024;

        /// <summary>Up to this length a scalar copy beats setting up the vectorised transcoder.</summary>
        private const int ShortString = 96;

        private byte[] _buffer;
        private int _pos;
        private bool _comma;

        public CompactJsonWriter(int initialCapacity = 16 * 1024)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        }

        public int Length => _pos;

        public ReadOnlySpan<byte> Written => new ReadOnlySpan<byte>(_buffer, 0, _pos);

        /// <summary>Starts a new document (a buffer grown for a huge one goes back to the pool).</summary>
        public void Reset()
        {
            _pos = 0;
            _comma = false;
            if (_buffer.Length > HugeBuffer)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            }
        }

        // ------------------------------------------------------------------ structure

        public void StartObject() => Open((byte)'{');

        public void StartArray() => Open((byte)'[');

        public void EndObject() => Close((byte)'}');

        public void EndArray() => Close((byte)']');

        public void StartObject(JsonName name)
        {
            Name(name);
            Open((byte)'{');
        }

        public void StartArray(JsonName name)
        {
            Name(name);
            Open((byte)'[');
        }

        /// <summary>A property name from our own list (quotes and colon included).</summary>
        public void Name(JsonName name)
        {
            ReadOnlySpan<byte> bytes = name.Utf8;
            Ensure(bytes.Length + 1);
            if (_comma)
            {
                _buffer[_pos++] = (byte)',';
            }

            bytes.CopyTo(_buffer.AsSpan(_pos));
            _pos += bytes.Length;
            _comma = false;
        }

        /// <summary>A property name from data (a tag key): cut at <see cref="JsonValues.MaxKeyLength"/>, <see cref="JsonValues.EmptyKey"/> when empty.</summary>
        public void Name(string? key)
        {
            Comma();
            if (key is null || key.Length == 0)
            {
                Quoted(JsonValues.EmptyKey.AsSpan(), JsonValues.MaxKeyLength);
            }
            else
            {
                Quoted(key.AsSpan(), JsonValues.MaxKeyLength);
            }

            Ensure(1);
            _buffer[_pos++] = (byte)':';
            _comma = false;
        }

        /// <summary>Properties written once and kept (see <see cref="Fragment(Action{CompactJsonWriter})"/>).</summary>
        public void Properties(byte[] fragment) => Literal(fragment);

        /// <summary>The bytes of the properties <paramref name="write"/> writes, to be copied in later with <see cref="Properties(byte[])"/>.</summary>
        public static byte[] Fragment(Action<CompactJsonWriter> write)
        {
            using var json = new CompactJsonWriter(256);
            json.StartObject();
            write(json);
            json.EndObject();
            ReadOnlySpan<byte> all = json.Written;
            return all.Slice(1, all.Length - 2).ToArray(); // without the braces
        }

        /// <summary>Where the next byte goes: with <see cref="CopyProperties"/>, repeats properties already written.</summary>
        public int Position => _pos;

        /// <summary>Writes again the properties written between <paramref name="start"/> and <paramref name="end"/>
        /// (positions taken before the first and after the last, inside one object).</summary>
        public void CopyProperties(int start, int end)
        {
            if (end <= start)
            {
                return;
            }

            if (_buffer[start] == (byte)',')
            {
                start++; // the first property's leading comma belonged to where it was first written
            }

            int length = end - start;
            Ensure(length + 1);
            if (_comma)
            {
                _buffer[_pos++] = (byte)',';
            }

            Buffer.BlockCopy(_buffer, start, _buffer, _pos, length);
            _pos += length;
            _comma = true;
        }

        /// <summary>Ends a line (envelope framing): the next value starts a new document.</summary>
        public void NewLine()
        {
            Ensure(1);
            _buffer[_pos++] = (byte)'\n';
            _comma = false;
        }

        // ------------------------------------------------------------------ values

        /// <summary>A string value, cut at <paramref name="max"/> characters (an ellipsis marks the cut).</summary>
        public void String(string? value, int max = JsonValues.MaxStringLength)
        {
            Comma();
            Quoted((value ?? string.Empty).AsSpan(), max);
            _comma = true;
        }

        /// <summary>A string value already in UTF-8 that needs no escaping (hex ids, fixed words).</summary>
        public void AsciiString(ReadOnlySpan<byte> value)
        {
            Span<byte> space = ValueSpace(value.Length + 2);
            space[0] = (byte)'"';
            value.CopyTo(space.Slice(1));
            space[value.Length + 1] = (byte)'"';
            Wrote(value.Length + 2);
        }

        /// <summary>A span or trace id: its lowercase hex digits need no escaping.</summary>
        public void Id(string hex)
        {
            Span<byte> space = ValueSpace(hex.Length + 2);
            space[0] = (byte)'"';
#if NET8_0_OR_GREATER
            Encoding.ASCII.GetBytes(hex.AsSpan(), space.Slice(1)); // vectorised narrowing
#else
            for (int i = 0; i < hex.Length; i++)
            {
                space[i + 1] = (byte)hex[i];
            }
#endif

            space[hex.Length + 1] = (byte)'"';
            Wrote(hex.Length + 2);
        }

        public void Bool(bool value) => Literal(value ? True : False);

        public void Null() => Literal(NullLiteral);

        public void Number(long value)
        {
            Utf8Formatter.TryFormat(value, ValueSpace(20), out int written);
            Wrote(written);
        }

        public void Number(ulong value)
        {
            Utf8Formatter.TryFormat(value, ValueSpace(20), out int written);
            Wrote(written);
        }

        public void Number(decimal value)
        {
            Utf8Formatter.TryFormat(value, ValueSpace(40), out int written);
            Wrote(written);
        }

        /// <summary>A finite double as the shortest text that reads back the same; NaN and infinities as strings.</summary>
        public void Number(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                String(value.ToString(CultureInfo.InvariantCulture));
                return;
            }

#if NET8_0_OR_GREATER
            value.TryFormat(ValueSpace(32), out int written, default, CultureInfo.InvariantCulture);
#else
            Utf8Formatter.TryFormat(value, ValueSpace(32), out int written);
#endif
            Wrote(written);
        }

        /// <summary>Unix seconds with microsecond precision, from integers (exact; trailing zeros left out).</summary>
        public void UnixSeconds(DateTime utc)
        {
            long ticks = utc.Ticks - UnixEpochTicks;
            if (ticks < 0)
            {
                Number(JsonValues.UnixSeconds(utc));
                return;
            }

            long micros = (ticks + 5) / 10;
            long seconds = micros / 1_000_000;
            int fraction = (int)(micros % 1_000_000);
            Span<byte> space = ValueSpace(32);
            Utf8Formatter.TryFormat(seconds, space, out int written);
            if (fraction != 0)
            {
                int digits = 6;
                while (fraction % 10 == 0)
                {
                    fraction /= 10;
                    digits--;
                }

                space[written++] = (byte)'.';
                for (int i = written + digits - 1; i >= written; i--)
                {
                    space[i] = (byte)('0' + fraction % 10);
                    fraction /= 10;
                }

                written += digits;
            }

            Wrote(written);
        }

        // ------------------------------------------------------------------ internals

        private const long UnixEpochTicks = 621355968000000000L;
        private static readonly byte[] True = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] False = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        private static readonly byte[] NullLiteral = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };
        private static readonly byte[] Ellipsis = Encoding.UTF8.GetBytes("…");

        private void Open(byte bracket)
        {
            Ensure(2);
            if (_comma)
            {
                _buffer[_pos++] = (byte)',';
            }

            _buffer[_pos++] = bracket;
            _comma = false;
        }

        private void Close(byte bracket)
        {
            Ensure(1);
            _buffer[_pos++] = bracket;
            _comma = true;
        }

        private void Literal(byte[] bytes)
        {
            bytes.CopyTo(ValueSpace(bytes.Length));
            Wrote(bytes.Length);
        }

        /// <summary>Room for a value of at most <paramref name="maxBytes"/> bytes, after the comma it may need.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Span<byte> ValueSpace(int maxBytes)
        {
            Ensure(maxBytes + 1);
            if (_comma)
            {
                _buffer[_pos++] = (byte)',';
            }

            return _buffer.AsSpan(_pos);
        }

        /// <summary>Ends a value written into <see cref="ValueSpace"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Wrote(int bytes)
        {
            _pos += bytes;
            _comma = true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Comma()
        {
            if (_comma)
            {
                Ensure(1);
                _buffer[_pos++] = (byte)',';
            }
        }

        /// <summary>Quotes, transcodes and escapes at most <paramref name="max"/> characters of <paramref name="text"/>.</summary>
        private void Quoted(ReadOnlySpan<char> text, int max)
        {
            bool cut = text.Length > max;
            if (cut)
            {
                int keep = max;
                if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
                {
                    keep--;
                }

                text = text.Slice(0, keep);
            }

            // Worst case: every char a control character written as \u00XX.
            Ensure(text.Length * 6 + 2 + Ellipsis.Length);
            _buffer[_pos++] = (byte)'"';
            if (text.Length <= ShortString)
            {
                // Short strings, the usual ones: copy printable ASCII in one pass, leave the rest to the general path.
                Span<byte> target = _buffer.AsSpan(_pos, text.Length);
                int i = 0;
                for (; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
                    {
                        break;
                    }

                    target[i] = (byte)c;
                }

                _pos += i;
                text = text.Slice(i);
            }

            if (text.Length > 0)
            {
                int start = _pos;
                int written = Transcode(text, _buffer.AsSpan(start));
                int escape = FirstToEscape(_buffer.AsSpan(start, written));
                if (escape < 0)
                {
                    _pos = start + written;
                }
                else
                {
                    EscapeTail(start + escape, written - escape);
                }
            }

            if (cut)
            {
                Ellipsis.CopyTo(_buffer, _pos);
                _pos += Ellipsis.Length;
            }

            _buffer[_pos++] = (byte)'"';
        }

        /// <summary>UTF-16 to UTF-8, lone surrogates replaced with U+FFFD; returns the bytes written.</summary>
        private static int Transcode(ReadOnlySpan<char> text, Span<byte> destination)
        {
#if NET8_0_OR_GREATER
            Utf8.FromUtf16(text, destination, out _, out int written, replaceInvalidSequences: true);
            return written;
#else
            int pos = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    destination[pos++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    destination[pos++] = (byte)(0xC0 | c >> 6);
                    destination[pos++] = (byte)(0x80 | c & 0x3F);
                }
                else if (char.IsHighSurrogate((char)c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    int scalar = char.ConvertToUtf32((char)c, text[++i]);
                    destination[pos++] = (byte)(0xF0 | scalar >> 18);
                    destination[pos++] = (byte)(0x80 | scalar >> 12 & 0x3F);
                    destination[pos++] = (byte)(0x80 | scalar >> 6 & 0x3F);
                    destination[pos++] = (byte)(0x80 | scalar & 0x3F);
                }
                else
                {
                    if (char.IsSurrogate((char)c))
                    {
                        c = 0xFFFD; // a lone surrogate
                    }

                    destination[pos++] = (byte)(0xE0 | c >> 12);
                    destination[pos++] = (byte)(0x80 | c >> 6 & 0x3F);
                    destination[pos++] = (byte)(0x80 | c & 0x3F);
                }
            }

            return pos;
#endif
        }

#if NET8_0_OR_GREATER
        private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
            new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\' });

        private static int FirstToEscape(ReadOnlySpan<byte> utf8) => utf8.IndexOfAny(NeedsEscape);
#else
        private static int FirstToEscape(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < utf8.Length; i++)
            {
                byte b = utf8[i];
                if (b < 0x20 || b == (byte)'"' || b == (byte)'\\')
                {
                    return i;
                }
            }

            return -1;
        }
#endif

        /// <summary>Escapes the <paramref name="count"/> transcoded bytes at <paramref name="from"/> in place (the
        /// buffer has room for the worst case). Only ASCII bytes are escaped, and UTF-8 multi-byte sequences contain
        /// none, so working on bytes is exact.</summary>
        private void EscapeTail(int from, int count)
        {
            byte[] tail = ArrayPool<byte>.Shared.Rent(count);
            try
            {
                Buffer.BlockCopy(_buffer, from, tail, 0, count);
                int pos = from;
                for (int i = 0; i < count; i++)
                {
                    byte b = tail[i];
                    if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
                    {
                        _buffer[pos++] = b;
                        continue;
                    }

                    _buffer[pos++] = (byte)'\\';
                    switch (b)
                    {
                        case (byte)'"': _buffer[pos++] = (byte)'"'; break;
                        case (byte)'\\': _buffer[pos++] = (byte)'\\'; break;
                        case (byte)'\n': _buffer[pos++] = (byte)'n'; break;
                        case (byte)'\r': _buffer[pos++] = (byte)'r'; break;
                        case (byte)'\t': _buffer[pos++] = (byte)'t'; break;
                        case (byte)'\b': _buffer[pos++] = (byte)'b'; break;
                        case (byte)'\f': _buffer[pos++] = (byte)'f'; break;
                        default:
                            _buffer[pos++] = (byte)'u';
                            _buffer[pos++] = (byte)'0';
                            _buffer[pos++] = (byte)'0';
                            _buffer[pos++] = HexDigit(b >> 4);
                            _buffer[pos++] = HexDigit(b & 0xF);
                            break;
                    }
                }

                _pos = pos;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(tail);
            }
        }

        private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Ensure(int bytes)
        {
            if (_buffer.Length - _pos < bytes)
            {
                Grow(bytes);
            }
        }

        private void Grow(int bytes)
        {
            long needed = (long)_pos + bytes;
            if (needed > int.MaxValue - 64)
            {
                throw new InvalidOperationException("JSON document over 2 GB");
            }

            int size = (int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), int.MaxValue - 64);
            byte[] next = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, 0, next, 0, _pos);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }

        public void Dispose()
        {
            byte[] buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _pos = 0;
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A property name written once as <c>"name":</c> in UTF-8.</summary>
    internal sealed class JsonName
    {
        public JsonName(string name)
        {
            Text = name;
            var json = new CompactJsonWriter(64);
            try
            {
                json.Name(name);
                Utf8 = json.Written.ToArray();
            }
            finally
            {
                json.Dispose();
            }
        }

        public string Text { get; }

        public byte[] Utf8 { get; }

        public override string ToString() => Text;
    }
}
