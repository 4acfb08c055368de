using System;
using System.Globalization;
using System.Text;

namespace ActivityFlow.Internal
{
    /// <summary>Untrusted text made safe to use, never throwing: cut to a length, lone surrogates replaced, any object
    /// turned into a string by a guarded <c>ToString()</c>. Used by mapping, settings and serialisation alike.</summary>
    internal static class SafeText
    {
        /// <summary>The longest string value written (longer ones are cut, an ellipsis marks the cut).</summary>
        public const int MaxStringLength = 8192;

        /// <summary>Returns a string fit for JSON: at most <paramref name="max"/> chars, lone surrogates replaced.</summary>
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


        /// <summary>A value as text: <c>ToString()</c> guarded, cleaned.</summary>
        public static string Of(object? value)
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
    }
}
