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
        message: "'{0}' blocks the calling thread until the task completes; await it instead",
        Categories.Async,
        DiagnosticSeverity.Warning,
        description: "Task.Result, Task.Wait(), GetAwaiter().GetResult(), Task.WaitAll and Task.WaitAny hold a thread while another does the work. In a server every blocked request holds a thread-pool thread and the thread pool adds threads slowly (about one or two a second), so under load it starves: requests queue, time out, and the reverse proxy answers 502. Under a synchronization context (classic ASP.NET, UI apps), waiting on a task whose continuation needs that context deadlocks outright. Await the task, and make the calling method async.");

    internal static readonly DiagnosticDescriptor BG0102SyncCallInAsyncCode = Create(
        DiagnosticIds.SyncCallInAsyncCode,
        title: "Synchronous call where an async overload exists, in async code",
        message: "'{0}' blocks a thread inside async code; await '{1}' instead",
        Categories.Async,
        DiagnosticSeverity.Warning,
        description: "A synchronous database, file or HTTP call inside async code holds a thread-pool thread for the whole round trip, where its awaitable sibling would release the thread while it waits. Under load the thread pool starves, requests stop being answered in time, and the reverse proxy answers 502. Reported when the same type has an awaitable sibling with the same parameters (optionally plus a CancellationToken): await it.");

    internal static readonly DiagnosticDescriptor BG0201HttpClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates a new HttpClient on every call; share one static client or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "An HttpClient created in a method body lives for one call, and each instance owns a connection pool. Creating one per call opens new sockets for every request; once disposed they sit in TIME_WAIT for minutes, so under load the port range runs out, requests wait or fail, and the reverse proxy answers 502. Keep one client for the life of the process (a static readonly field over a SocketsHttpHandler with a PooledConnectionLifetime, so DNS changes are still seen) or get clients from IHttpClientFactory.");

    internal static readonly DiagnosticDescriptor BG0301MaxConnectionsPerServerNotSet = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "'{0}' leaves MaxConnectionsPerServer at the framework default; set it to a limit you chose",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "An HTTP handler owns the connection pool of its clients, and its MaxConnectionsPerServer caps the connections open to one server at once. Left unset, a framework default nobody chose applies: 2 per server on .NET Framework outside ASP.NET, so under load requests queue until the reverse proxy answers 502; unlimited on .NET Core, so a burst floods the upstream. Set it in the object initializer, or later on the same variable, field or property.");

    internal static readonly DiagnosticDescriptor BG0301SharedClientWithoutHandler = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "The shared client '{0}' is created without a handler; create it over one that sets MaxConnectionsPerServer",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A static HttpClient created without a handler uses an implicit one with the framework's default MaxConnectionsPerServer (2 per server on .NET Framework outside ASP.NET, unlimited on .NET Core), and every request of the process goes through that limit: too few connections and requests queue until the reverse proxy answers 502, too many and the upstream is flooded. Create it over an explicit SocketsHttpHandler (or HttpClientHandler on .NET Framework) with MaxConnectionsPerServer set.");

    internal static readonly DiagnosticDescriptor BG0301ReturnedHandlerNotConfigured = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "'{0}', returned by '{1}', never gets MaxConnectionsPerServer from a caller; set it where the handler is created",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A handler returned by a factory method is checked against the factory's callers in the whole compilation. When none passes it to a method that may configure it, the framework default decides how many requests reach each server at once: 2 on .NET Framework outside ASP.NET, so under load requests queue until the reverse proxy answers 502; unlimited on .NET Core, so a burst floods the upstream. Set MaxConnectionsPerServer in the factory. This check runs at the end of the compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0301MaxConnectionsPerServerTooLow = Create(
        DiagnosticIds.MaxConnectionsPerServer,
        title: "HTTP handler without MaxConnectionsPerServer",
        message: "MaxConnectionsPerServer is set to {0}, below the minimum of {1}; raise it to a limit the upstream can take",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "A constant MaxConnectionsPerServer of 1 or 2 makes every request to a server wait for one or two connections, so under load requests queue, the app stops answering in time, and the reverse proxy answers 502. The minimum is set by bg0301.min_connections_per_server (default 3).");

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitTooLow = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "ServicePointManager.DefaultConnectionLimit is set to {0}, below the minimum of {1}; raise it",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Framework, ServicePointManager.DefaultConnectionLimit caps the connections to each server for HttpClient, HttpWebRequest and WebClient; it is 2 outside ASP.NET. A low limit makes every request to a server wait for one of a few connections, so under load requests queue, the app stops answering in time, and the reverse proxy answers 502. The minimum is set by bg0302.min_connection_limit (default 10).");

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitNotSet = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "'{0}' makes HTTP requests, but DefaultConnectionLimit is never set; {1}",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Framework outside ASP.NET, every server gets 2 connections unless ServicePointManager.DefaultConnectionLimit (or <connectionManagement> in app.config) says otherwise, so under load requests queue behind those two until the reverse proxy answers 502. Set the limit once at startup, before the first request: in Main (the fix inserts it there when it finds Main or top-level statements), Global.asax Application_Start or the host's startup code, or add <connectionManagement> to app.config. This check needs the whole compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0302ConfigConnectionLimitTooLow = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "<connectionManagement> in '{0}' sets maxconnection=\"{1}\", below the minimum of {2}; raise maxconnection",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "The <system.net><connectionManagement><add address=\"*\" maxconnection=\"N\"/> element of app.config or web.config sets the default connection limit of a .NET Framework program. A low limit makes every request to a server wait for one of a few connections, so under load requests queue until the reverse proxy answers 502. The minimum is set by bg0302.min_connection_limit (default 10).",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0302DefaultConnectionLimitHasNoEffect = Create(
        DiagnosticIds.DefaultConnectionLimit,
        title: "ServicePointManager.DefaultConnectionLimit is too low, unset, or without effect",
        message: "DefaultConnectionLimit = {0} has no effect on HttpClient on .NET Core; set MaxConnectionsPerServer on its handler",
        Categories.Connections,
        DiagnosticSeverity.Warning,
        description: "On .NET Core and .NET 5+, HttpClient's connection limit is the MaxConnectionsPerServer of its handler; ServicePointManager only configures the legacy HttpWebRequest path. The assignment looks like a chosen limit while the handler's default still applies: unlimited, so a burst opens a connection per request and can flood the upstream, whose slow answers then queue your requests until the reverse proxy answers 502. Set MaxConnectionsPerServer on the SocketsHttpHandler or HttpClientHandler of your clients instead.");

    internal static readonly DiagnosticDescriptor BG0201SharedHandlerDisposed = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{0}' creates a client per call that disposes its shared handler; pass disposeHandler: false or share one client",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "Disposing an HttpClient disposes its handler unless disposeHandler is false, so a client per call over a shared handler disposes it, and the next call over that handler fails with ObjectDisposedException. A handler per call instead would open a connection pool per call: sockets pile up in TIME_WAIT until the port range runs out and the reverse proxy answers 502. Pass disposeHandler: false, share one static HttpClient, or use IHttpClientFactory.");

    internal static readonly DiagnosticDescriptor BG0201FactoryClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{1}', called outside static initialization, returns a new '{0}'; share one static client or use IHttpClientFactory",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "A factory method that creates an HttpClient is fine when every call of it initializes static storage (a static field or property initializer, a static constructor, a static Lazy<T>). Called anywhere else, it opens a connection pool per call: sockets pile up in TIME_WAIT until the port range runs out, requests wait or fail, and the reverse proxy answers 502. This check needs the whole compilation: it shows in builds, and in the IDE with full-solution analysis.",
        compilationEnd: true);

    internal static readonly DiagnosticDescriptor BG0201FactoryImplementationClientPerCall = Create(
        DiagnosticIds.HttpClientPerCall,
        title: "HttpClient is created per call",
        message: "'{1}' implements IHttpClientFactory with a new '{0}' per call; return one shared client or use services.AddHttpClient()",
        Categories.HttpClient,
        DiagnosticSeverity.Warning,
        description: "Code that asks IHttpClientFactory for a client expects a cheap client over pooled handlers, and usually creates and disposes one per request. An implementation of the interface that returns a new HttpClient from CreateClient gives each of those requests a connection pool of its own: sockets pile up in TIME_WAIT until the port range runs out, requests wait or fail, and the reverse proxy answers 502. Return one shared client (per name, if names differ), or use the factory of Microsoft.Extensions.Http (services.AddHttpClient()). This check needs the whole compilation: it shows in builds, and in the IDE with full-solution analysis.",
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
