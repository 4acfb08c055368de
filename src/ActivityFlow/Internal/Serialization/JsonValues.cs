using System;
using System.Collections;
using System.Globalization;
using System.Text;

namespace ActivityFlow.Internal
{
    /// <summary>Writes untrusted tag keys and values as JSON without ever throwing: invalid UTF-16 is repaired,
    /// long strings are cut, non-finite numbers become strings, odd objects go through a guarded ToString().</summary>
    internal static class JsonValues
    {
        public const int MaxStringLength = SafeText.MaxStringLength;
        public const int MaxKeyLength = 256;
        public const int MaxArrayLength = 1000;

        /// <summary>What an empty or missing key is written as.</summary>
        public const string EmptyKey = "(empty)";

        /// <summary>See <see cref="SafeText.Clean"/>.</summary>
        public static string Clean(string? value, int max = MaxStringLength) => SafeText.Clean(value, max);

        public static string Key(string? key)
        {
            return key is null || key.Length == 0 ? EmptyKey : Clean(key, MaxKeyLength);
        }

        /// <summary>Writes a plain JSON value (static mode <c>data</c>); a string value is cut at <paramref name="maxString"/>
        /// (strings inside an array at <see cref="MaxStringLength"/>).</summary>
        public static void WriteValue(CompactJsonWriter w, object? value, int maxString = MaxStringLength, int depth = 0)
        {
            switch (value)
            {
                case null:
                    w.Null();
                    return;
                case string s:
                    w.String(s, maxString);
                    return;
                case bool b:
                    w.Bool(b);
                    return;
                case int i:
                    w.Number(i);
                    return;
                case long l:
                    w.Number(l);
                    return;
                case short sh:
                    w.Number(sh);
                    return;
                case byte by:
                    w.Number(by);
                    return;
                case sbyte sb:
                    w.Number(sb);
                    return;
                case ushort us:
                    w.Number(us);
                    return;
                case uint ui:
                    w.Number(ui);
                    return;
                case ulong ul:
                    w.Number(ul);
                    return;
                case double d:
                    w.Number(d);
                    return;
                case float f:
                    w.Number(f);
                    return;
                case decimal m:
                    w.Number(m);
                    return;
                case char ch:
                    w.String(ch.ToString());
                    return;
                case DateTime dt:
                    w.String(dt.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    w.String(dto.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case TimeSpan ts:
                    w.String(ts.ToString("c", CultureInfo.InvariantCulture));
                    return;
                case Guid g:
                    w.String(g.ToString());
                    return;
                case byte[] bytes:
                    w.String(Convert.ToBase64String(bytes, 0, Math.Min(bytes.Length, MaxStringLength * 3 / 4)));
                    return;
                case IEnumerable e when depth == 0:
                    w.StartArray();
                    int n = 0;
                    try
                    {
                        foreach (object? item in e)
                        {
                            if (n++ >= MaxArrayLength)
                            {
                                break;
                            }

                            WriteValue(w, item, MaxStringLength, depth + 1);
                        }
                    }
                    catch (Exception)
                    {
                        // A misbehaving enumerable: keep what was written.
                    }

                    w.EndArray();
                    return;
                default:
                    w.String(SafeToString(value));
                    return;
            }
        }

        public static string SafeToString(object? value) => SafeText.Of(value);

        /// <summary>Writes a Span v2 typed attribute value <c>{"type":…,"value":…}</c>; strings cut at <paramref name="maxString"/>.</summary>
        public static void WriteTyped(CompactJsonWriter w, object? value, int maxString)
        {
            w.StartObject();
            switch (value)
            {
                case null:
                    TypeName(w, "string");
                    w.String(string.Empty);
                    break;
                case string s:
                    TypeName(w, "string");
                    w.String(s, maxString);
                    break;
                case bool b:
                    TypeName(w, "boolean");
                    w.Bool(b);
                    break;
                case int or long or short or byte or sbyte or ushort or uint:
                    TypeName(w, "integer");
                    w.Number(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case ulong ul when ul <= long.MaxValue:
                    TypeName(w, "integer");
                    w.Number((long)ul);
                    break;
                case double or float or decimal:
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    TypeName(w, double.IsNaN(d) || double.IsInfinity(d) ? "string" : "double");
                    w.Number(d); // NaN and infinities come out as strings
                    break;
                case string[] sa:
                    WriteTypedArray(w, sa, static (jw, x) => jw.String(x));
                    break;
                case bool[] ba:
                    WriteTypedArray(w, ba, static (jw, x) => jw.Bool(x));
                    break;
                case int[] ia:
                    WriteTypedArray(w, ia, static (jw, x) => jw.Number(x));
                    break;
                case long[] la:
                    WriteTypedArray(w, la, static (jw, x) => jw.Number(x));
                    break;
                case double[] da when Array.TrueForAll(da, x => !double.IsNaN(x) && !double.IsInfinity(x)):
                    WriteTypedArray(w, da, static (jw, x) => jw.Number(x));
                    break;
                default:
                    TypeName(w, "string");
                    w.String(SafeToString(value), maxString);
                    break;
            }

            w.EndObject();
        }

        private static void TypeName(CompactJsonWriter w, string type)
        {
            w.Name(EnvelopeFields.Type);
            w.String(type);
            w.Name(EnvelopeFields.Value);
        }

        private static void WriteTypedArray<T>(CompactJsonWriter w, T[] items, Action<CompactJsonWriter, T> write)
        {
            TypeName(w, "array");
            w.StartArray();
            int n = Math.Min(items.Length, MaxArrayLength);
            for (int i = 0; i < n; i++)
            {
                write(w, items[i]);
            }

            w.EndArray();
        }

        /// <summary>Unix seconds with microsecond precision.</summary>
        public static double UnixSeconds(DateTime utc)
        {
            long ticks = utc.Ticks - 621355968000000000L;
            return Math.Round(ticks / 1e7, 6);
        }
    }
}
