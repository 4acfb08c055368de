using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>URLs as Sentry shows them: no user info, query or fragment.</summary>
    internal static partial class SpanMapper
    {
        private static readonly char[] QueryOrFragment = { '?', '#' };

        private static string StripQuery(string target)
        {
            int q = target.IndexOfAny(QueryOrFragment);
            return q >= 0 ? target.Substring(0, q) : target;
        }

        /// <summary>Drops user info, query and fragment from a URL.</summary>
        public static string SanitizeUrl(string url)
        {
            if (IsPlainHttpUrl(url, out int end))
            {
                return end == url.Length ? url : url.Substring(0, end);
            }

            return SanitizeUrlWithUri(url);
        }

        /// <summary>
        /// True when parsing <paramref name="url"/> with <see cref="Uri"/> would give it back unchanged up to its query
        /// or fragment (at <paramref name="end"/>): lowercase http(s) scheme; a host name of lowercase letters, digits,
        /// dots and hyphens whose last label starts with a letter (no IP address, user info or port); a non-empty path
        /// of unreserved and sub-delimiter characters with no dot segment, empty segment or percent-escape. Most client
        /// URLs are like that, and parsing them costs more than the rest of their span's mapping.
        /// </summary>
        internal static bool IsPlainHttpUrl(string url, out int end)
        {
            end = url.Length;
            int i;
            if (url.StartsWith("https://", StringComparison.Ordinal))
            {
                i = 8;
            }
            else if (url.StartsWith("http://", StringComparison.Ordinal))
            {
                i = 7;
            }
            else
            {
                return false;
            }

            int hostStart = i;
            int lastLabel = i;
            for (; i < url.Length && url[i] != '/'; i++)
            {
                char c = url[i];
                if (c == '.')
                {
                    if (i == hostStart || url[i - 1] == '.')
                    {
                        return false;
                    }

                    lastLabel = i + 1;
                }
                else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'))
                {
                    return false;
                }
            }

            if (i == url.Length || lastLabel >= i || url[lastLabel] < 'a' || url[lastLabel] > 'z' || url[i - 1] == '-')
            {
                return false; // no path (Uri adds "/"), or a host that is empty, ends with a dot or hyphen, or may be an IP address
            }

            for (; i < url.Length; i++)
            {
                char c = url[i];
                if (c == '?' || c == '#')
                {
                    end = i;
                    break;
                }

                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
                {
                    continue;
                }

                switch (c)
                {
                    case '/':
                        if (url[i - 1] == '/')
                        {
                            return false;
                        }

                        continue;
                    case '.':
                        if (url[i - 1] == '/')
                        {
                            return false; // a segment starting with a dot may be a dot segment
                        }

                        continue;
                    case '-':
                    case '_':
                    case '~':
                    case '!':
                    case '$':
                    case '&':
                    case '(':
                    case ')':
                    case '*':
                    case '+':
                    case ',':
                    case ';':
                    case '=':
                    case ':':
                    case '@':
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>The general way: parse with <see cref="Uri"/> and keep scheme, host, port and path.</summary>
        internal static string SanitizeUrlWithUri(string url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                try
                {
                    return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
                }
                catch (Exception)
                {
                    return StripQuery(url);
                }
            }

            return StripQuery(url);
        }
    }
}
