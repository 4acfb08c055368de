using System;
using System.Buffers.Text;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActivityFlow.Internal
{
    /// <summary>Writes untrusted tag keys and values as JSON without ever throwing: invalid UTF-16 is repaired,
    /// long strings are cut, non-finite numbers become strings, odd objects go through a guarded ToString().</summary>
    internal static class JsonValues
    {
        public const int MaxStringLength = 8192;
        public const int MaxKeyLength = 256;
        public const int MaxArrayLength = 1000;

        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
            SkipValidation = false,
        };

        /// <summary>Returns a string that Utf8JsonWriter accepts: at most <paramref name="max"/> chars, lone surrogates replaced.</summary>
        public static string Clean(string? value, int max = MaxStringLength)
        {
            if (value is null)
            {
                return string.Empty;
            }

            string s = value;
            if (s.Length > max)
            {
                int cut = max;
                if (cut > 0 && char.IsHighSurrogate(s[cut - 1]))
                {
                    cut--;
                }

                s = s.Substring(0, cut) + "…";
            }

#if NET8_0_OR_GREATER
            if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
            {
                return s; // the common case, found with a vectorised scan
            }
#endif

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!char.IsSurrogate(c))
                {
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                    continue;
                }

                return Repair(s);
            }

            return s;
        }

        private static string Repair(string s)
        {
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    sb.Append(c).Append(s[i + 1]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    sb.Append('\uFFFD');
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        public static string Key(string? key)
        {
            return key is null || key.Length == 0 ? "(empty)" : Clean(key, MaxKeyLength);
        }

        /// <summary>Writes a plain JSON value (static mode <c>data</c>).</summary>
        public static void WriteValue(Utf8JsonWriter w, object? value, int depth = 0)
        {
            switch (value)
            {
                case null:
                    w.WriteNullValue();
                    return;
                case string s:
                    w.WriteStringValue(Clean(s));
                    return;
                case bool b:
                    w.WriteBooleanValue(b);
                    return;
                case int i:
                    w.WriteNumberValue(i);
                    return;
                case long l:
                    w.WriteNumberValue(l);
                    return;
                case short sh:
                    w.WriteNumberValue(sh);
                    return;
                case byte by:
                    w.WriteNumberValue(by);
                    return;
                case sbyte sb:
                    w.WriteNumberValue(sb);
                    return;
                case ushort us:
                    w.WriteNumberValue(us);
                    return;
                case uint ui:
                    w.WriteNumberValue(ui);
                    return;
                case ulong ul:
                    w.WriteNumberValue(ul);
                    return;
                case double d:
                    WriteDouble(w, d);
                    return;
                case float f:
                    WriteDouble(w, f);
                    return;
                case decimal m:
                    w.WriteNumberValue(m);
                    return;
                case char ch:
                    w.WriteStringValue(Clean(ch.ToString()));
                    return;
                case DateTime dt:
                    w.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    w.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case TimeSpan ts:
                    w.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture));
                    return;
                case Guid g:
                    w.WriteStringValue(g.ToString());
                    return;
                case byte[] bytes:
                    w.WriteStringValue(Convert.ToBase64String(bytes, 0, Math.Min(bytes.Length, MaxStringLength * 3 / 4)));
                    return;
                case IEnumerable e when depth == 0:
                    w.WriteStartArray();
                    int n = 0;
                    try
                    {
                        foreach (object? item in e)
                        {
                            if (n++ >= MaxArrayLength)
                            {
                                break;
                            }

                            WriteValue(w, item, depth + 1);
                        }
                    }
                    catch (Exception)
                    {
                        // A misbehaving enumerable: keep what was written.
                    }

                    w.WriteEndArray();
                    return;
                default:
                    w.WriteStringValue(SafeToString(value));
                    return;
            }
        }

        public static void WriteDouble(Utf8JsonWriter w, double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNumberValue(d);
            }
        }

        public static string SafeToString(object? value)
        {
            if (value is null)
            {
                return string.Empty;
            }

            try
            {
                return Clean(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
            catch (Exception)
            {
                return "<unprintable " + value.GetType().Name + ">";
            }
        }

        /// <summary>Writes a Span v2 typed attribute value <c>{"type":…,"value":…}</c>.</summary>
        public static void WriteTyped(Utf8JsonWriter w, object? value)
        {
            w.WriteStartObject();
            switch (value)
            {
                case null:
                    w.WriteString("type", "string");
                    w.WriteString("value", string.Empty);
                    break;
                case string s:
                    w.WriteString("type", "string");
                    w.WriteString("value", Clean(s));
                    break;
                case bool b:
                    w.WriteString("type", "boolean");
                    w.WriteBoolean("value", b);
                    break;
                case int or long or short or byte or sbyte or ushort or uint:
                    w.WriteString("type", "integer");
                    w.WritePropertyName("value");
                    w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case ulong ul when ul <= long.MaxValue:
                    w.WriteString("type", "integer");
                    w.WriteNumber("value", (long)ul);
                    break;
                case double or float or decimal:
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d) || double.IsInfinity(d))
                    {
                        w.WriteString("type", "string");
                        w.WriteString("value", d.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        w.WriteString("type", "double");
                        w.WriteNumber("value", d);
                    }

                    break;
                case string[] sa:
                    WriteTypedArray(w, sa, static (jw, x) => jw.WriteStringValue(Clean(x)));
                    break;
                case bool[] ba:
                    WriteTypedArray(w, ba, static (jw, x) => jw.WriteBooleanValue(x));
                    break;
                case int[] ia:
                    WriteTypedArray(w, ia, static (jw, x) => jw.WriteNumberValue(x));
                    break;
                case long[] la:
                    WriteTypedArray(w, la, static (jw, x) => jw.WriteNumberValue(x));
                    break;
                case double[] da when Array.TrueForAll(da, x => !double.IsNaN(x) && !double.IsInfinity(x)):
                    WriteTypedArray(w, da, static (jw, x) => jw.WriteNumberValue(x));
                    break;
                default:
                    w.WriteString("type", "string");
                    w.WriteString("value", SafeToString(value));
                    break;
            }

            w.WriteEndObject();
        }

        private static void WriteTypedArray<T>(Utf8JsonWriter w, T[] items, Action<Utf8JsonWriter, T> write)
        {
            w.WriteString("type", "array");
            w.WritePropertyName("value");
            w.WriteStartArray();
            int n = Math.Min(items.Length, MaxArrayLength);
            for (int i = 0; i < n; i++)
            {
                write(w, items[i]);
            }

            w.WriteEndArray();
        }

        private const long UnixEpochTicks = 621355968000000000L;

        /// <summary>
        /// Writes Unix seconds with microsecond precision as a JSON number, formatted from integers: exact, and without
        /// the cost of formatting a double. Trailing zeros of the fraction are left out (as a double would print).
        /// </summary>
        public static void WriteUnixSeconds(Utf8JsonWriter w, JsonEncodedText name, DateTime utc)
        {
            long ticks = utc.Ticks - UnixEpochTicks;
            if (ticks < 0)
            {
                w.WriteNumber(name, UnixSeconds(utc));
                return;
            }

            long micros = (ticks + 5) / 10;
            long seconds = micros / 1_000_000;
            int fraction = (int)(micros % 1_000_000);
            Span<byte> text = stackalloc byte[32];
            Utf8Formatter.TryFormat(seconds, text, out int length);
            if (fraction != 0)
            {
                int digits = 6;
                while (fraction % 10 == 0)
                {
                    fraction /= 10;
                    digits--;
                }

                text[length++] = (byte)'.';
                for (int i = length + digits - 1; i >= length; i--)
                {
                    text[i] = (byte)('0' + fraction % 10);
                    fraction /= 10;
                }

                length += digits;
            }

            w.WritePropertyName(name);
            w.WriteRawValue(text.Slice(0, length), skipInputValidation: true);
        }

        /// <summary>Unix seconds with microsecond precision.</summary>
        public static double UnixSeconds(DateTime utc)
        {
            long ticks = utc.Ticks - 621355968000000000L;
            return Math.Round(ticks / 1e7, 6);
        }
    }
}
