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

    internal static readonly DiagnosticDescriptor BG0101BlockingWait = Create(
        DiagnosticIds.BlockingWait,
        title: "Blocking wait on a task",
        message: "'{0}' blocks the calling thread until the task completes: under load the thread pool starves, and under a synchronization context it deadlocks, so requests stop being answered in time and the proxy answers 502; await the task instead",
        Categories.Async,
        DiagnosticSeverity.Warning,
        description: "Task.Result, Task.Wait(), GetAwaiter().GetResult(), Task.WaitAll and Task.WaitAny hold a thread while another does the work. In a server every blocked request holds a pool thread; the pool grows slowly, so under load requests queue and time out. Await the task, and make the calling method async.");

    internal static readonly DiagnosticDescriptor BG0102SyncCallInAsyncCode = Create(
        DiagnosticIds.SyncCallInAsyncCode,
        title: "Synchronous call where an async overload exists, in async code",
        message: "'{0}' blocks a thread-pool thread for the whole call inside async code, while '{1}' would release it while it waits: under load the pool starves, requests stop being answered in time and the proxy answers 502; await '{1}' instead",
        Categories.Async,
        DiagnosticSeverity.Warning,
        description: "A synchronous database, file or HTTP call inside an async request handler holds a pool thread for the whole round trip. When the same type has an awaitable sibling with the same parameters (optionally plus a CancellationToken), await it.");

    internal static readonly DiagnosticDescriptor BG0201HttpClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates a new HttpClient on every call: each client opens its own connection pool, so sockets pile up in TIME_WAIT until the port range runs out and DNS changes are never seen; share one static HttpClient or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "An HttpClient created in a method body lives for one call. Each instance owns a connection pool; creating one per call exhausts sockets under load and makes the reverse proxy answer 502. Keep one client for the life of the process (a static readonly field over a SocketsHttpHandler with a PooledConnectionLifetime) or get clients from IHttpClientFactory.");

    internal static readonly DiagnosticDescriptor BG0301MaxConnectionsPerServerNotSet = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "'{0}' does not set MaxConnectionsPerServer, so a framework default nobody chose (2 per server on .NET Framework outside ASP.NET, unlimited on .NET Core) decides how many requests reach each server at once: too few and requests queue until the proxy answers 502, too many and the upstream is flooded; set MaxConnectionsPerServer to a limit you chose",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "An HTTP handler owns the connection pool of its clients. Its MaxConnectionsPerServer caps the connections open to one server; left unset, the framework default applies, which queues requests on .NET Framework and is unlimited on .NET Core. Set it in the object initializer, or later on the same variable, field or property.");

    internal static readonly DiagnosticDescriptor BG0301SharedClientWithoutHandler = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "The shared client '{0}' is created without a handler, so its implicit handler keeps the framework's default MaxConnectionsPerServer (2 per server on .NET Framework outside ASP.NET, unlimited on .NET Core) and every request of the process goes through that limit; create it over a handler that sets MaxConnectionsPerServer",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A static HttpClient created without a handler uses an implicit one with the framework's default connection limit. Create it over an explicit SocketsHttpHandler (or HttpClientHandler on .NET Framework) with MaxConnectionsPerServer set.");

    internal static readonly DiagnosticDescriptor BG0301ReturnedHandlerNotConfigured = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "'{0}' is returned by '{1}' without MaxConnectionsPerServer, and no caller hands it to code that could set it, so the framework default decides how many requests reach each server at once (2 on .NET Framework outside ASP.NET, unlimited on .NET Core); set MaxConnectionsPerServer where it is created",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A handler returned by a factory method is checked against the factory's callers in the whole compilation: when none passes it to a method that may configure it, the factory must set MaxConnectionsPerServer. This check runs at the end of the compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0301MaxConnectionsPerServerTooLow = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "MaxConnectionsPerServer is set to {0}, below the minimum of {1}: every request to a server waits for one of {0} connection(s), so under load requests queue until the proxy answers 502; raise it to a limit the upstream can take",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A constant MaxConnectionsPerServer of 1 or 2 makes every request to a server wait for one or two connections. The minimum is set by bg0301.min_connections_per_server (default 3).");

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitTooLow = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "ServicePointManager.DefaultConnectionLimit is set to {0}, below the minimum of {1}: on .NET Framework every HttpClient, HttpWebRequest and WebClient request to a server waits for one of {0} connection(s), so under load requests queue until the proxy answers 502; raise it",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Framework, ServicePointManager.DefaultConnectionLimit caps the connections to each server for HttpClient, HttpWebRequest and WebClient. It is 2 outside ASP.NET. The minimum is set by bg0302.min_connection_limit (default 10).");

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitNotSet = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "'{0}' makes HTTP requests, but this .NET Framework program never sets ServicePointManager.DefaultConnectionLimit, so it stays at 2 connections per server and requests queue behind them until the proxy answers 502; {1}",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Framework outside ASP.NET, every server gets 2 connections unless ServicePointManager.DefaultConnectionLimit (or <connectionManagement> in app.config) says otherwise. This check needs the whole compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0302ConfigConnectionLimitTooLow = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "<connectionManagement> in '{0}' sets maxconnection=\"{1}\" for every address, below the minimum of {2}: every request to a server waits for one of {1} connection(s), so under load requests queue until the proxy answers 502; raise maxconnection",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "The <system.net><connectionManagement><add address=\"*\" maxconnection=\"N\"/> element of app.config or web.config sets the default connection limit of a .NET Framework program. The minimum is set by bg0302.min_connection_limit (default 10).",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitHasNoEffect = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "Setting ServicePointManager.DefaultConnectionLimit to {0} has no effect on HttpClient on .NET Core and .NET 5+ (it only affects the legacy HttpWebRequest path); set MaxConnectionsPerServer on the SocketsHttpHandler or HttpClientHandler of your clients instead",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Core and .NET 5+, HttpClient's connection limit is the MaxConnectionsPerServer of its handler; ServicePointManager only configures HttpWebRequest. The assignment gives a false sense of having chosen a limit.");

    internal static readonly DiagnosticDescriptor BG0201SharedHandlerDisposed = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates a client per call over a shared handler and disposes it with the client: the next call over that handler fails with ObjectDisposedException, and a handler per call would leak sockets anyway; pass disposeHandler: false, or share one static HttpClient, or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "Disposing an HttpClient disposes its handler unless disposeHandler is false. A client per call over a shared handler must not own it.");

    internal static readonly DiagnosticDescriptor BG0201HandlerPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates an HTTP handler, and with it a connection pool, on every call: sockets pile up in TIME_WAIT until the port range runs out and DNS changes are never seen, whichever client uses it; share one handler (or one static HttpClient) or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "The handler owns the connection pool. A handler created per call and handed to a client is the same leak as a client per call.");

    internal static readonly DiagnosticDescriptor BG0201FactoryClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' is returned by '{1}', which is called outside static initialization, so every call opens its own connection pool: sockets pile up in TIME_WAIT until the port range runs out and DNS changes are never seen; share one static HttpClient or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "A factory method that creates an HttpClient is fine when every call of it initializes static storage (a static field or property initializer, a static constructor, a static Lazy<T>). This check needs the whole compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    /// <summary>The help link of a rule: its page under docs/rules in the public repository.</summary>
    internal static string HelpLink(string id) => $"{RepositoryInfo.Url}/blob/main/docs/rules/{id}.md";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string message,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        bool compilationEnd = false)
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
            HelpLink(id),
            compilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());
#pragma warning restore RS0030
    }
}
