using System;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>A parsed Sentry DSN. <see cref="ToString"/> never contains the key.</summary>
    internal sealed class Dsn
    {
        private Dsn(Uri envelopeUri, string publicKey, string? secretKey, string projectId, string? orgId, string host)
        {
            EnvelopeUri = envelopeUri;
            PublicKey = publicKey;
            SecretKey = secretKey;
            ProjectId = projectId;
            OrgId = orgId;
            Host = host;
        }

        public Uri EnvelopeUri { get; }
        public string PublicKey { get; }
        public string? SecretKey { get; }
        public string ProjectId { get; }
        public string? OrgId { get; }
        public string Host { get; }

        /// <summary>Parses a DSN; on failure <paramref name="error"/> says why without repeating the DSN (it holds the key).</summary>
        public static Dsn? TryParse(string? value, out string? error)
        {
            error = null;
            if (value is null || value.Trim().Length == 0)
            {
                error = "it is empty";
                return null;
            }

            string text = value.Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
            {
                error = "it is not an absolute URI";
                return null;
            }

            if (!string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(uri.Scheme, "http", StringComparison.OrdinalIgnoreCase))
            {
                error = "its scheme must be http or https";
                return null;
            }

            string userInfo = uri.UserInfo;
            if (string.IsNullOrEmpty(userInfo))
            {
                error = "it has no public key (expected scheme://KEY@host/PROJECT_ID)";
                return null;
            }

            string publicKey;
            string? secretKey = null;
            int colon = userInfo.IndexOf(':');
            if (colon >= 0)
            {
                publicKey = Uri.UnescapeDataString(userInfo.Substring(0, colon));
                secretKey = Uri.UnescapeDataString(userInfo.Substring(colon + 1));
                if (secretKey.Length == 0)
                {
                    secretKey = null;
                }
            }
            else
            {
                publicKey = Uri.UnescapeDataString(userInfo);
            }

            if (publicKey.Length == 0)
            {
                error = "its public key is empty";
                return null;
            }

            if (string.IsNullOrEmpty(uri.Host))
            {
                error = "it has no host";
                return null;
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                error = "it must not have a query or fragment";
                return null;
            }

            string path = uri.AbsolutePath.TrimEnd('/');
            int slash = path.LastIndexOf('/');
            string projectId = slash >= 0 ? path.Substring(slash + 1) : path;
            string basePath = slash >= 0 ? path.Substring(0, slash) : string.Empty;
            if (projectId.Length == 0)
            {
                error = "it has no project id (expected scheme://KEY@host/PROJECT_ID)";
                return null;
            }

            foreach (char c in projectId)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    error = "its project id has characters other than letters, digits, '-' and '_'";
                    return null;
                }
            }

            string authority = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            if (uri.HostNameType == UriHostNameType.IPv6 && !authority.StartsWith("[", StringComparison.Ordinal))
            {
                authority = "[" + uri.Host + "]" + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
            }

            var envelope = new Uri(uri.Scheme + "://" + authority + basePath + "/api/" + projectId + "/envelope/");

            string? orgId = null;
            // o{orgid}.ingest.… hosts carry the organisation id.
            if (uri.Host.Length > 1 && uri.Host[0] == 'o')
            {
                int dot = uri.Host.IndexOf('.');
                if (dot > 1)
                {
                    string candidate = uri.Host.Substring(1, dot - 1);
                    bool digits = true;
                    foreach (char c in candidate)
                    {
                        digits &= c >= '0' && c <= '9';
                    }

                    if (digits)
                    {
                        orgId = candidate;
                    }
                }
            }

            return new Dsn(envelope, publicKey, secretKey, projectId, orgId, uri.Host);
        }

        public override string ToString() => EnvelopeUri.ToString();
    }
}
