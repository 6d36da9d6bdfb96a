using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers;

/// <summary>Every descriptor of the package. The only place a <see cref="DiagnosticDescriptor"/> is constructed.</summary>
internal static class Descriptors
{
    internal static class Categories
    {
        public const string Async = "Async";
        public const string HttpClient = "HttpClient";
        public const string Connections = "Connections";
    }

    internal static readonly DiagnosticDescriptor BG0201HttpClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates a new HttpClient on every call: each client opens its own connection pool, so sockets pile up in TIME_WAIT until the port range runs out and DNS changes are never seen; share one static HttpClient or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "An HttpClient created in a method body lives for one call. Each instance owns a connection pool; creating one per call exhausts sockets under load and makes the reverse proxy answer 502. Keep one client for the life of the process (a static readonly field over a SocketsHttpHandler with a PooledConnectionLifetime) or get clients from IHttpClientFactory.");

    /// <summary>The help link of a rule: its page under docs/rules in the public repository.</summary>
    internal static string HelpLink(string id) => $"{RepositoryInfo.Url}/blob/main/docs/rules/{id}.md";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string message,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description)
    {
#pragma warning disable RS0030 // This is the one place that builds descriptors.
        return new DiagnosticDescriptor(
            id,
            title,
            message,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description,
            HelpLink(id));
#pragma warning restore RS0030
    }
}
