using System.Threading.Tasks;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

public class BG0201HttpClientPerCallReportTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyAnalyzerAsync(Usings + source, expected);

    // ---- Reported ----

    [Fact]
    public async Task NewHttpClientInMethod_IsReported_WithItsExpressionInTheMessage()
    {
        await Verify(
            """
            class Service
            {
                public async Task<string> GetAsync(string url)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()"));
    }

    [Fact]
    public async Task EveryPerCallContext_IsReported()
    {
        await Verify(
            """
            class Controller
            {
                private readonly HttpClient _field = [|new HttpClient()|];
                private HttpClient Property { get; } = [|new()|];
                private readonly HttpClient _fromConstructor;

                public Controller() { _fromConstructor = [|new HttpClient(new HttpClientHandler())|]; }

                public HttpClient Accessor => [|new HttpClient()|];

                public void Method()
                {
                    Func<HttpClient> lambda = () => [|new HttpClient()|];
                    HttpClient Local() => [|new HttpClient()|];
                    HttpClient targetTyped = [|new()|];
                }
            }
            """);
    }

    [Fact]
    public async Task HandlerCreatedPerCallAndHandedToAClient_IsReportedOnceOnTheClient_AndNotForAClientCreatedOnce()
    {
        await Verify(
            """
            class Service
            {
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10 });

                public Task<string> GetAsync(string url)
                {
                    // Real code (N_m3u8DL-RE): the handler and the client it goes to were two reports of one problem.
                    var handler = new SocketsHttpHandler();
                    using var client = {|#1:new HttpClient(handler)|};
                    return client.GetStringAsync(url);
                }

                public Task<string> InlineAsync(string url) => {|#2:new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })|}.GetStringAsync(url);
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(1).WithArguments("new HttpClient(handler)"),
            VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(2).WithArguments("new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })"));
    }

    [Fact]
    public async Task InALoop_EvenInMainOrAStaticConstructor_IsReported()
    {
        await Verify(
            """
            static class Program
            {
                private static readonly List<HttpClient> s_clients = new List<HttpClient>();

                static Program()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        s_clients.Add([|new HttpClient()|]);
                    }
                }

                static void Main(string[] urls)
                {
                    foreach (var url in urls)
                    {
                        using var client = [|new HttpClient()|];
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallClientOverASharedHandlerItDisposes_HasItsOwnMessage()
    {
        await Verify(
            """
            class Service
            {
                private static readonly HttpClientHandler s_handler = new HttpClientHandler();
                private readonly HttpMessageHandler _injected;

                public Service(HttpMessageHandler injected) { _injected = injected; }

                public Task<string> GetAsync(string url)
                {
                    using var client = {|#0:new HttpClient(s_handler)|};
                    return client.GetStringAsync(url);
                }
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201SharedHandlerDisposed).WithLocation(0).WithArguments("new HttpClient(s_handler)"));
    }

    [Fact]
    public async Task FactoryCalledPerRequest_IsReportedAtTheEndOfTheCompilation()
    {
        await Verify(
            """
            static class Clients
            {
                public static HttpClient Create()
                {
                    var client = {|#0:new HttpClient()|};
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
                }
            }

            class Controller
            {
                public Task<string> GetAsync(string url) => Clients.Create().GetStringAsync(url);
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "Create"));
    }

    // ---- Not reported ----

    [Fact]
    public async Task StaticStorage_IsNotReported()
    {
        await Verify(
            """
            class Service
            {
                private static readonly HttpClient s_client = new HttpClient();
                private static HttpClient Shared { get; } = new();
                private static HttpClient s_fromStaticConstructor;
                private static HttpClient s_lazy;
                private static HttpClient s_ensured;
                private static readonly Lazy<HttpClient> s_lazyValue = new Lazy<HttpClient>(() => new HttpClient());

                static Service() { s_fromStaticConstructor = new HttpClient(); }

                public HttpClient Lazy() => s_lazy ??= new HttpClient();

                public HttpClient Checked()
                {
                    if (s_lazy is null)
                    {
                        s_lazy = new HttpClient();
                    }

                    return s_lazy;
                }

                public HttpClient Ensured() => LazyInitializer.EnsureInitialized(ref s_ensured, () => new HttpClient());
            }
            """);
    }

    [Fact]
    public async Task FactoryWhoseEveryCallInitializesStaticStorage_IsNotReported()
    {
        await Verify(
            """
            static class Clients
            {
                private static readonly HttpClient s_a = Create();
                private static readonly Lazy<HttpClient> s_b = new Lazy<HttpClient>(() => Create());
                private static HttpClient s_c;

                static Clients() { s_c = Create(); }

                private static HttpClient Create()
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
                }
            }
            """);
    }

    [Fact]
    public async Task ClientOverASharedHandlerItKeeps_IsNotReported()
    {
        await Verify(
            """
            class Service
            {
                private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler();
                private static SocketsHttpHandler Handler { get; } = new SocketsHttpHandler();
                private readonly HttpMessageHandler _handler;

                public Service(HttpMessageHandler handler) { _handler = handler; }

                public HttpClient A() => new HttpClient(s_handler, disposeHandler: false);
                public HttpClient B() => new HttpClient(Handler, false);
                public HttpClient C() => new HttpClient(_handler, disposeHandler: false);
            }
            """);
    }

    [Fact]
    public async Task FactoryWhoseResultALazyFieldKeeps_IsNotReported_ExceptionlessShape()
    {
        await Verify(
            """
            class SubmissionClient
            {
                private readonly Lazy<HttpClient> _client;
                private readonly Lazy<HttpClient> _viaLocal;
                private readonly Lazy<HttpClient> _methodGroup;
                private Lazy<HttpClient> Property { get; } = new Lazy<HttpClient>(() => CreateStatic());

                public SubmissionClient(string userAgent)
                {
                    _client = new Lazy<HttpClient>(() => CreateHttpClient(userAgent));
                    var lazy = new Lazy<HttpClient>(() => CreateOther());
                    _viaLocal = lazy;
                    _methodGroup = new(CreateThird);
                }

                protected virtual HttpClient CreateHttpClient(string userAgent)
                {
                    var handler = new HttpClientHandler { UseDefaultCredentials = true };
                    var client = new HttpClient(handler, true);
                    client.DefaultRequestHeaders.Add("User-Agent", userAgent);
                    return client;
                }

                private HttpClient CreateOther() => new HttpClient();
                private HttpClient CreateThird() => new HttpClient();
                private static HttpClient CreateStatic() => new HttpClient();

                public Task<string> SendAsync(string url) => _client.Value.GetStringAsync(url);
            }
            """);
    }

    [Fact]
    public async Task FactoryCalledThroughAnInterfaceFromALazyField_IsNotReported_FlurlShape()
    {
        await Verify(
            """
            interface IFlurlHttpClientFactory
            {
                HttpClient CreateHttpClient(HttpMessageHandler handler);
            }

            abstract class FactoryBase
            {
                public abstract HttpClient CreateDerived(HttpMessageHandler handler);
            }

            class DefaultHttpClientFactory : FactoryBase, IFlurlHttpClientFactory
            {
                public virtual HttpClient CreateHttpClient(HttpMessageHandler handler) => new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) };
                public override HttpClient CreateDerived(HttpMessageHandler handler) => new HttpClient(handler);
            }

            class FlurlClient
            {
                private readonly Lazy<HttpClient> _httpClient;
                private readonly Lazy<HttpClient> _derived;

                public FlurlClient(IFlurlHttpClientFactory factory, FactoryBase other, HttpMessageHandler handler)
                {
                    _httpClient = new Lazy<HttpClient>(() => factory.CreateHttpClient(handler));
                    _derived = new Lazy<HttpClient>(() => other.CreateDerived(handler));
                }
            }
            """);
    }

    [Fact]
    public async Task FactoryWhoseResultACacheKeeps_IsNotReported()
    {
        await Verify(
            """
            class PerHostClients
            {
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private static readonly ConcurrentDictionary<string, HttpClient> s_clients = new();
                private readonly Dictionary<string, HttpClient> _byHost = new();
                private readonly Dictionary<string, HttpClient> _added = new();
                private HttpClient _coalesced;
                private HttpClient _old;
                private HttpClient _checked;
                private HttpClient _early;

                public HttpClient Get(string host) => _clients.GetOrAdd(host, h => CreateClient(h));
                public HttpClient GetStatic(string host) => s_clients.GetOrAdd(host, CreateMethodGroup);
                public HttpClient AddOrUpdate(string host) => _clients.AddOrUpdate(host, h => CreateAdded(h), (h, existing) => existing);

                public HttpClient OnAMiss(string host)
                {
                    if (!_byHost.TryGetValue(host, out var client))
                    {
                        client = CreateMiss(host);
                        _byHost[host] = client;
                    }

                    return client;
                }

                public HttpClient AddedOnAMiss(string host)
                {
                    if (_added.ContainsKey(host))
                    {
                        return _added[host];
                    }

                    var client = CreateAddedOnMiss(host);
                    _added.Add(host, client);
                    return client;
                }

                public HttpClient Coalesced() => _coalesced ??= CreateCoalesced();
                public HttpClient OldStyle() => _old ?? (_old = CreateOldStyle());

                public HttpClient Checked()
                {
                    if (_checked is null)
                    {
                        lock (_clients)
                        {
                            if (this._checked == null)
                            {
                                _checked = CreateChecked();
                            }
                        }
                    }

                    return _checked;
                }

                public HttpClient Early()
                {
                    if (_early != null)
                    {
                        return _early;
                    }

                    _early = CreateEarly();
                    return _early;
                }

                private static HttpClient CreateClient(string host) => new HttpClient { BaseAddress = new Uri("https://" + host) };
                private static HttpClient CreateMethodGroup(string host) => new HttpClient();
                private static HttpClient CreateAdded(string host) => new HttpClient();
                private static HttpClient CreateMiss(string host) => new HttpClient();
                private static HttpClient CreateAddedOnMiss(string host) => new HttpClient();
                private static HttpClient CreateCoalesced() => new HttpClient();
                private static HttpClient CreateOldStyle() => new HttpClient();
                private static HttpClient CreateChecked() => new HttpClient();
                private static HttpClient CreateEarly() => new HttpClient();
            }
            """);
    }

    [Fact]
    public async Task NewHttpClientInsideStorageThatKeepsIt_IsNotReported()
    {
        await Verify(
            """
            interface IWrapper { }
            class Wrapper : IWrapper { public Wrapper(HttpClient client) { } }

            class Service
            {
                private readonly Lazy<HttpClient> _lazy = new Lazy<HttpClient>(() => new HttpClient());
                private readonly Lazy<HttpClient> _fromConstructor;
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private readonly ConcurrentDictionary<string, IWrapper> _wrapped = new();
                private readonly Dictionary<Uri, HttpClient> _byUri = new();
                private HttpClient _client;
                private static HttpClient s_ensured;
                private HttpClient _ensured;

                public Service()
                {
                    _fromConstructor = new Lazy<HttpClient>(() =>
                    {
                        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                        client.Timeout = TimeSpan.FromSeconds(5);
                        return client;
                    });
                }

                public HttpClient Cached(string host) => _clients.GetOrAdd(host, _ => new HttpClient(new SocketsHttpHandler()));
                public IWrapper Wrapped(string host) => _wrapped.GetOrAdd(host, _ => new Wrapper(new HttpClient()));
                public HttpClient Coalesced() => _client ??= new HttpClient();
                public HttpClient Ensured() => LazyInitializer.EnsureInitialized(ref _ensured, () => new HttpClient());

                public HttpClient OnAMiss(Uri uri)
                {
                    if (!_byUri.ContainsKey(uri))
                    {
                        _byUri[uri] = new HttpClient { BaseAddress = uri };
                    }

                    return _byUri[uri];
                }

                public void InALoop(string[] hosts)
                {
                    foreach (var host in hosts)
                    {
                        _clients.GetOrAdd(host, h => new HttpClient());
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task StorageThatDoesNotKeepTheClient_IsStillReported()
    {
        await Verify(
            """
            class Service
            {
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private readonly Dictionary<string, HttpClient> _byHost = new();
                private readonly Dictionary<string, HttpClient> _other = new();
                private HttpClient _client;
                private HttpClient _another;

                public Task<string> LocalLazy(string url)
                {
                    var lazy = new Lazy<HttpClient>(() => [|new HttpClient()|]);
                    return lazy.Value.GetStringAsync(url);
                }

                public HttpClient LocalCache(string host)
                {
                    var cache = new ConcurrentDictionary<string, HttpClient>();
                    return cache.GetOrAdd(host, _ => [|new HttpClient()|]);
                }

                public HttpClient ValueNotFactory(string host) => _clients.GetOrAdd(host, [|new HttpClient()|]);
                public HttpClient UpdateFactory(string host) => _clients.AddOrUpdate(host, _ => new HttpClient(), (_, old) => [|new HttpClient()|]);

                public HttpClient Replaced()
                {
                    _client = [|new HttpClient()|];
                    return _client;
                }

                public HttpClient CheckedAnotherField()
                {
                    if (_another == null)
                    {
                        _client = [|new HttpClient()|];
                    }

                    return _client;
                }

                public HttpClient WrongCheck()
                {
                    if (_client != null)
                    {
                        _client = [|new HttpClient()|];
                    }

                    return _client;
                }

                public HttpClient StoredWithoutAMiss(string host)
                {
                    _byHost[host] = [|new HttpClient()|];
                    return _byHost[host];
                }

                public HttpClient MissOnAnotherDictionary(string host)
                {
                    if (!_other.ContainsKey(host))
                    {
                        _byHost[host] = [|new HttpClient()|];
                    }

                    return _byHost[host];
                }

                public HttpClient LocalCoalesce(HttpClient given)
                {
                    HttpClient local = given;
                    return local ??= [|new HttpClient()|];
                }

                public Func<HttpClient> Handed() => () => [|new HttpClient()|];

                // A factory of a wrapper is not followed to its callers (known limitation, documented).
                private readonly ConcurrentDictionary<string, Wrapper> _wrapped = new();
                public Wrapper Wrapped(string host) => _wrapped.GetOrAdd(host, h => CreateWrapper(h));
                private static Wrapper CreateWrapper(string host) => new Wrapper([|new HttpClient()|]);
            }

            class Wrapper { public Wrapper(HttpClient client) { } }
            """);
    }

    [Fact]
    public async Task FactoryCalledOnceAndAlsoPerCall_OrHandedOnAsAMethodGroup_IsReported()
    {
        await Verify(
            """
            class Service
            {
                private readonly Lazy<HttpClient> _client;
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

                public Service() { _client = new Lazy<HttpClient>(() => Create()); }

                public Task<string> PerCall(string url) => Create().GetStringAsync(url);

                private static HttpClient Create() => {|#0:new HttpClient()|};

                public Func<HttpClient> Handed() => CreateHanded;
                private static HttpClient CreateHanded() => {|#1:new HttpClient()|};

                public HttpClient EveryTime(string host) => _clients.GetOrAdd(host, CreateValue(host));
                private static HttpClient CreateValue(string host) => {|#2:new HttpClient()|};

                public Task<string> LocalLazy(string url)
                {
                    var lazy = new Lazy<HttpClient>(() => CreateLazy());
                    return lazy.Value.GetStringAsync(url);
                }

                private static HttpClient CreateLazy() => {|#3:new HttpClient()|};
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "Create"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(1).WithArguments("new HttpClient()", "CreateHanded"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(2).WithArguments("new HttpClient()", "CreateValue"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(3).WithArguments("new HttpClient()", "CreateLazy"));
    }

    [Fact]
    public async Task ClientPerCallOverAHandlerItDidNotCreate_WithDisposeHandlerFalse_IsNotReported()
    {
        await Verify(
            """
            class HandlerPool
            {
                public HttpMessageHandler Handler { get; } = new SocketsHttpHandler();
            }

            class Service
            {
                private HttpMessageHandler _handler = new SocketsHttpHandler();
                private readonly ConcurrentDictionary<string, HttpMessageHandler> _handlers = new();
                private readonly Dictionary<string, HttpMessageHandler> _byName = new();
                private readonly HandlerPool _pool = new();

                public Task<string> InPlace(string url) => new HttpClient(_handler, false).GetStringAsync(url);
                public HttpClient Field() => new HttpClient(_handler, false);
                public HttpClient Parameter(HttpMessageHandler handler) => new HttpClient(handler, disposeHandler: false);
                public HttpClient OtherObject() => new HttpClient(_pool.Handler, disposeHandler: false);
                public HttpClient Cached(string host) => new HttpClient(_handlers.GetOrAdd(host, _ => new SocketsHttpHandler()), false);
                public HttpClient Indexer(string name) => new HttpClient(_byName[name], disposeHandler: false);

                public async Task<string> Local(string name, string url)
                {
                    var handler = _byName[name];
                    using var client = new HttpClient(handler, disposeHandler: false);
                    return await client.GetStringAsync(url);
                }

                public Func<HttpMessageHandler, HttpClient> Lambda() => h => new HttpClient(h, false);

                // elastic-transport-net: a method of the project that hands out a pooled handler without creating one.
                public HttpClient FromAPool(string key) => new HttpClient(PooledHandler(key), disposeHandler: false);
                private HttpMessageHandler PooledHandler(string key) => _handlers.GetOrAdd(key, CreateEntry);
                private static HttpMessageHandler CreateEntry(string key) => new SocketsHttpHandler();
            }
            """);
    }

    [Fact]
    public async Task ClientPerCallOverAHandlerItCreatedOrMayDispose_IsStillReported()
    {
        await Verify(
            """
            class Service
            {
                private HttpMessageHandler _handler = new SocketsHttpHandler();

                public Task<string> NewHandler(string url) => [|new HttpClient(new HttpClientHandler(), false)|].GetStringAsync(url);

                public Task<string> LocalHandler(string url)
                {
                    var handler = new SocketsHttpHandler();
                    using var client = [|new HttpClient(handler, disposeHandler: false)|];
                    return client.GetStringAsync(url);
                }

                public Task<string> SometimesNew(bool fresh, string url)
                {
                    HttpMessageHandler handler = _handler;
                    if (fresh)
                    {
                        handler = new SocketsHttpHandler();
                    }

                    return [|new HttpClient(handler, false)|].GetStringAsync(url);
                }

                public Task<string> FromAMethod(string url) => [|new HttpClient(CreateHandler(), false)|].GetStringAsync(url);
                private static HttpMessageHandler CreateHandler() => new SocketsHttpHandler();
                public Task<string> FromATargetTypedMethod(string url) => [|new HttpClient(CreateOther(), false)|].GetStringAsync(url);
                private static SocketsHttpHandler CreateOther() => new();
                public Task<string> FromMetadata(string url) => [|new HttpClient(System.Activator.CreateInstance<SocketsHttpHandler>(), false)|].GetStringAsync(url);

                public Task<string> DisposesAParameter(HttpMessageHandler handler, string url) => [|new HttpClient(handler)|].GetStringAsync(url);
                public Task<string> DisposesAField(string url) => [|new HttpClient(_handler, true)|].GetStringAsync(url);
                public Task<string> NotConstant(bool dispose, string url) => [|new HttpClient(_handler, dispose)|].GetStringAsync(url);
            }
            """);
    }

    [Fact]
    public async Task HalfTypedStorage_DoesNotThrow()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                class Service
                {
                    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                    private Lazy<HttpClient> _lazy;
                    private HttpClient _client;

                    public HttpClient A(string host) => _clients.GetOrAdd(host, h => );
                    public void B() { _lazy = new Lazy<HttpClient>(() => Create(; }
                    public HttpClient C() => _client ??= ;
                    public HttpClient D(HttpMessageHandler h) => new HttpClient(h, );
                    private static HttpClient Create() => new HttpClient();
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
    }

    [Fact]
    public async Task CompositionRoots_TopLevelStatementsAndStaticMain_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources = { Usings + """
                    var client = new HttpClient();
                    System.Console.WriteLine(await client.GetStringAsync("https://example.org"));
                    """ },
            },
        }.RunAsync();

        await Verify(
            """
            static class Program
            {
                static async Task Main()
                {
                    using var client = new HttpClient();
                    await client.GetStringAsync("https://example.org");
                }
            }
            """);
    }

    [Fact]
    public async Task DependencyInjectionRegistrations_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                using Microsoft.Extensions.DependencyInjection;

                static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddSingleton(new HttpClient());
                        services.AddSingleton<HttpClient>(_ => new HttpClient());
                        services.AddHttpClient("prices").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
        }.RunAsync();
    }

    [Fact]
    public async Task HttpClientFactory_IsNeverReported()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                class Service
                {
                    private readonly IHttpClientFactory _factory;
                    public Service(IHttpClientFactory factory) { _factory = factory; }
                    public HttpClient Get() => _factory.CreateClient("prices");
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
        }.RunAsync();
    }

    [Fact]
    public async Task HttpClientFactoryImplementedWithANewClientPerCall_IsReported_SayingWhatItDefeats_MinioShape()
    {
        // MinIO's builder falls back to a private IHttpClientFactory whose CreateClient returns new(); its callers take a
        // client per request through the interface and dispose it. "Use IHttpClientFactory" would be no advice there. An
        // explicit implementation is a factory too (it was reported as a client per call, offering to share it).
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                sealed class MinioClient
                {
                    private readonly IHttpClientFactory _factory;
                    public MinioClient(IHttpClientFactory factory) { _factory = factory; }

                    public async Task<string> GetObjectAsync(string url)
                    {
                        using var client = _factory.CreateClient("minio");
                        return await client.GetStringAsync(url);
                    }
                }

                static class Builder
                {
                    public static MinioClient Build() => new MinioClient(new FallbackFactory());

                    private sealed class FallbackFactory : IHttpClientFactory
                    {
                        public HttpClient CreateClient(string name) => {|#0:new()|};
                    }

                    private sealed class ExplicitFactory : IHttpClientFactory
                    {
                        HttpClient IHttpClientFactory.CreateClient(string name) => {|#1:new HttpClient()|};
                    }

                    // Not reported: one client for every name, kept in a static field.
                    private sealed class SharedFactory : IHttpClientFactory
                    {
                        private static readonly HttpClient s_client = new HttpClient();
                        public HttpClient CreateClient(string name) => s_client;
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic(Descriptors.BG0201FactoryImplementationClientPerCall).WithLocation(0).WithArguments("new()", "CreateClient"),
                VerifyCS.Diagnostic(Descriptors.BG0201FactoryImplementationClientPerCall).WithLocation(1).WithArguments("new HttpClient()", "CreateClient"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task FactoryMethodNamedCreateClientOfAnotherInterface_KeepsTheFactoryMessage()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                interface IClientSource { HttpClient CreateClient(string name); }

                sealed class Source : IClientSource
                {
                    public HttpClient CreateClient(string name) => {|#0:new HttpClient()|};
                }

                sealed class Service
                {
                    private readonly IClientSource _source = new Source();
                    public Task<string> GetAsync(string url) => _source.CreateClient("x").GetStringAsync(url);
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "CreateClient") },
        }.RunAsync();
    }

    [Fact]
    public async Task BlazorWebAssemblyProjects_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + """
                class Component
                {
                    public Task<string> LoadAsync() => new HttpClient().GetStringAsync("/data.json");
                }
                """,
            SolutionTransforms =
            {
                (solution, projectId) => solution.AddMetadataReference(projectId, MetadataReference.CreateFromImage(
                    Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Microsoft.AspNetCore.Components.WebAssembly")
                        .WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
                        .AddReferences(MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
                        .EmitToArray())),
            },
        }.RunAsync();
    }

    // ---- Instance members: the client lives as long as its owner ----

    private const string FrameworkStubs = """
        namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
        namespace Microsoft.AspNetCore.Mvc.RazorPages { public abstract class PageModel { } }
        namespace Microsoft.AspNetCore.SignalR { public abstract class Hub { } public abstract class Hub<T> : Hub where T : class { } }
        namespace System.Web.Http { public abstract class ApiController { } }
        namespace System.Web.Mvc { public abstract class Controller { } }
        namespace MyApp.Mvc { public abstract class ControllerBase { } public abstract class Hub { } }

        """;

    private static Task VerifyWithOption(string source, string? reportInstanceMembers, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestCode = Usings + FrameworkStubs + source };
        test.ExpectedDiagnostics.AddRange(expected);
        if (reportInstanceMembers is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\nbg0201.report_instance_members = {reportInstanceMembers}\n"));
        }

        return test.RunAsync();
    }

    private const string PlainOwners = """
        class RedirectHandler : DelegatingHandler { }

        // Octokit's HttpClientAdapter: one client per adapter, one adapter per API connection.
        public class HttpClientAdapter
        {
            private readonly HttpClient _http;

            public HttpClientAdapter(Func<HttpMessageHandler> getHandler)
            {
                _http = [|new HttpClient(new RedirectHandler { InnerHandler = getHandler() })|];
            }
        }

        class Fields
        {
            private readonly HttpClient _field = [|new HttpClient()|];
            private HttpClient Property { get; } = [|new()|];
            private readonly HttpClient _expressionBodied;
            private readonly HttpClient _chained;

            public Fields() => _expressionBodied = [|new HttpClient()|];
            public Fields(int timeout) : this([|new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) }|]) { }
            private Fields(HttpClient client) { _chained = client; }
        }

        class Generic<T>
        {
            private readonly HttpClient _client;
            public Generic(bool flag) { if (flag) { _client = [|new HttpClient()|]; } }
        }

        // A nested type of a controller is not a controller; MyApp.Mvc.ControllerBase is not ASP.NET Core's.
        class PricesController
        {
            class Inner { private readonly HttpClient _client = [|new HttpClient()|]; }
        }

        class NotAspNet : MyApp.Mvc.ControllerBase { private readonly HttpClient _client = [|new HttpClient()|]; }
        class NotSignalR : MyApp.Mvc.Hub { private readonly HttpClient _client = [|new HttpClient()|]; }
        class ControllerHelpers { private readonly HttpClient _client = [|new HttpClient()|]; }
        """;

    private static string Unmarked(string source) => source.Replace("[|", string.Empty).Replace("|]", string.Empty);

    [Fact]
    public async Task InstanceMembersOfAPlainClass_AreNotReportedByDefault_OctokitShape()
    {
        await VerifyWithOption(Unmarked(PlainOwners), reportInstanceMembers: null);
    }

    [Fact]
    public async Task InstanceMembersOfAPlainClass_AreReported_WhenTheOptionIsTrue()
    {
        await VerifyWithOption(PlainOwners, reportInstanceMembers: "true");
    }

    [Fact]
    public async Task InstanceMembersOfAPlainClass_AreNotReported_WhenTheOptionIsNotABoolean()
    {
        await VerifyWithOption(Unmarked(PlainOwners), reportInstanceMembers: "sometimes");
    }

    private const string PerRequestOwners = """
        class Prices : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            private readonly HttpClient _field = [|new HttpClient()|];
            private readonly HttpClient _fromConstructor;
            public Prices() { _fromConstructor = [|new HttpClient(new HttpClientHandler())|]; }
        }

        abstract class ApiBase : Microsoft.AspNetCore.Mvc.ControllerBase { }
        class Orders : ApiBase { private HttpClient Client { get; } = [|new()|]; }

        class Index : Microsoft.AspNetCore.Mvc.RazorPages.PageModel { private readonly HttpClient _client = [|new HttpClient()|]; }
        interface IChatClient { }
        class Chat : Microsoft.AspNetCore.SignalR.Hub<IChatClient> { private readonly HttpClient _client = [|new HttpClient()|]; }
        class Legacy : System.Web.Http.ApiController { private readonly HttpClient _client = [|new HttpClient()|]; }
        class Classic : System.Web.Mvc.Controller { public Classic() => _client = [|new HttpClient()|]; private readonly HttpClient _client; }
        class WeatherController { private readonly HttpClient _client = [|new HttpClient()|]; }
        class Generic<T> : Microsoft.AspNetCore.Mvc.ControllerBase { private readonly HttpClient _client = [|new HttpClient()|]; }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    [InlineData("True ")]
    public async Task InstanceMembersOfAPerRequestType_AreReported_ByDefaultAndWhenTheOptionIsTrue(string? option)
    {
        await VerifyWithOption(PerRequestOwners, option);
    }

    [Fact]
    public async Task InstanceMembersOfAPerRequestType_AreNotReported_WhenTheOptionIsFalse()
    {
        await VerifyWithOption(Unmarked(PerRequestOwners), "false");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public async Task LambdasLocalFunctionsAndLoopsOfAConstructorOrInitializer_AreStillReported_InAPlainClass(string? option)
    {
        await VerifyWithOption(
            """
            class Service
            {
                private readonly Func<HttpClient> _fromInitializer = () => [|new HttpClient()|];
                private readonly Func<HttpClient> _fromConstructor;
                private readonly List<HttpClient> _clients = new();
                private HttpClient _local;

                public Service(string[] hosts)
                {
                    _fromConstructor = () => [|new HttpClient()|];
                    Func<Func<HttpClient>> nested = () => () => [|new HttpClient()|];
                    Func<HttpClient> kept = Make;
                    _local = kept();
                    foreach (var host in hosts)
                    {
                        _clients.Add([|new HttpClient { BaseAddress = new Uri(host) }|]);
                    }

                    HttpClient Make() => [|new HttpClient()|];
                }

                public HttpClient PerCall() => [|new HttpClient()|];
            }
            """,
            option);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public async Task ALocalFunctionOfAConstructorThatRunsOnlyWhileBuilding_FollowsTheInstanceMemberRule(string? option, bool reported)
    {
        // RestSharp's RestClient: GetClient() is called once, or handed to a cache whose result the constructor keeps.
        var creation = reported ? "[|new HttpClient(handler)|]" : "new HttpClient(handler)";
        await VerifyWithOption(
            $$"""
            static class ClientCache
            {
                private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> s_clients = new();
                public static HttpClient GetClient(string key, Func<HttpClient> create) => s_clients.GetOrAdd(key, _ => create());
            }

            class RestClient
            {
                public HttpClient HttpClient { get; }

                public RestClient(string baseUrl, bool useCache)
                {
                    if (useCache)
                    {
                        HttpClient = ClientCache.GetClient(baseUrl, GetClient);
                    }
                    else
                    {
                        HttpClient = GetClient();
                    }

                    HttpClient GetClient()
                    {
                        var handler = new HttpClientHandler();
                        var client = {{creation}};
                        client.Timeout = Timeout.InfiniteTimeSpan;
                        return client;
                    }
                }
            }
            """,
            option);
    }

    [Fact]
    public async Task ALocalFunctionOfAConstructorThatMayRunLater_IsReported()
    {
        await VerifyWithOption(
            """
            class Service
            {
                private readonly Func<HttpClient> _factory;
                private readonly List<HttpClient> _clients = new();

                public Service(string[] hosts)
                {
                    _factory = Make;
                    Run(() => _clients.Add(Other()));
                    foreach (var host in hosts)
                    {
                        _clients.Add(Third());
                    }

                    HttpClient Make() => [|new HttpClient()|];
                    HttpClient Other() => [|new HttpClient()|];
                    HttpClient Third() => [|new HttpClient()|];
                }

                private static void Run(Action action) => action();
            }
            """,
            null);
    }

    // ---- A library's public factories: their callers decide ----

    private const string LibraryFactories = """
        public interface IFlurlClient { }
        public class FlurlClient : IFlurlClient { public FlurlClient(HttpClient client) { } }
        public interface IFlurlClientFactory { HttpClient CreateHttpClient(HttpMessageHandler handler); }
        public interface IFlurlClientBuilder { IFlurlClient Build(); }
        public interface IClientSource { HttpClient Get(); }

        // Flurl's DefaultFlurlClientFactory.
        public class DefaultFlurlClientFactory : IFlurlClientFactory
        {
            public virtual HttpClient CreateHttpClient(HttpMessageHandler handler)
            {
                return [|new HttpClient(handler)|];
            }
        }

        // Flurl's extension over its factory interface, and a client made through it in a constructor.
        public static class FlurlClientFactoryExtensions
        {
            public static HttpClient CreateHttpClient(this IFlurlClientFactory factory) => factory.CreateHttpClient(new SocketsHttpHandler());
        }

        public class FlurlClientWithDefault
        {
            private static readonly IFlurlClientFactory s_factory = new DefaultFlurlClientFactory();
            private readonly HttpClient _client;
            public FlurlClientWithDefault() { _client = s_factory.CreateHttpClient(); }
        }

        // Flurl's FlurlClientBuilder: a public API member returns the factory's client wrapped.
        public class FlurlClientBuilder : IFlurlClientBuilder
        {
            private readonly IFlurlClientFactory _factory = new DefaultFlurlClientFactory();
            private readonly HttpMessageHandler _handler = new SocketsHttpHandler();

            public IFlurlClient Build()
            {
                var http = _factory.CreateHttpClient(_handler);
                return new FlurlClient(http);
            }
        }

        public abstract class ClientFactoryBase
        {
            public abstract HttpClient Create();
            public virtual HttpClient CreateThroughALocal()
            {
                var client = [|new HttpClient()|];
                client.Timeout = TimeSpan.FromSeconds(30);
                return client;
            }

            public virtual IFlurlClient CreateWrapped() => new FlurlClient([|new HttpClient()|]);
            public virtual HttpClient CreateViaHelper() => Helper();
            private static HttpClient Helper() => [|new HttpClient()|];
        }

        public class Derived : ClientFactoryBase
        {
            public override HttpClient Create() => [|new HttpClient()|];
        }

        public sealed class Implicit : IClientSource
        {
            public HttpClient Get() => [|new HttpClient()|];
        }

        public class Explicit : IClientSource
        {
            HttpClient IClientSource.Get() => [|new HttpClient()|];
        }
        """;

    [Fact]
    public async Task PublicOverridableFactoryOfALibrary_IsNotReported_FlurlShape()
    {
        await Verify(Unmarked(LibraryFactories));
    }

    [Fact]
    public async Task PublicOverridableFactory_InAnExecutable_IsReportedAsToday()
    {
        // The same code in an application: nothing outside calls it, so a factory nobody keeps once is reported.
        var test = new VerifyCS.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources =
                {
                    Usings + LibraryFactories.Replace("[|", "{|BG0201:").Replace("|]", "|}") + """

                    static class Program
                    {
                        static void Main() { }
                    }
                    """,
                },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task FactoriesThatAreNotPublicOverridableApi_OrAreCalledPerCallInside_AreStillReportedInALibrary()
    {
        await Verify(
            """
            public interface IClientSource { HttpClient Get(); }
            internal interface IInternalSource { HttpClient Get(); }

            public class Factories : IInternalSource
            {
                private HttpClient CreatePrivate() => {|#0:new HttpClient()|};
                public static HttpClient CreateStatic() => {|#1:new HttpClient()|};
                public HttpClient CreateNotVirtual() => {|#2:new HttpClient()|};
                protected virtual HttpClient CreateProtected() => {|#3:new HttpClient()|};
                public HttpClient Get() => {|#4:new HttpClient()|};

                // Used, not returned: created per call.
                public virtual Task<string> GetAsync(string url) => [|new HttpClient()|].GetStringAsync(url);

                // Returned from a lambda of the public member: handed on per call. A local function the public member
                // returns the result of is a factory handed out (not reported).
                public virtual Func<HttpClient> Handed() => () => [|new HttpClient()|];
                public virtual HttpClient Local()
                {
                    return Make();
                    HttpClient Make() => new HttpClient();
                }

                public Task<string> Send(string url) => CreatePrivate().GetStringAsync(url);
            }

            internal class InternalFactory
            {
                public virtual HttpClient Create() => {|#6:new HttpClient()|};
            }

            internal class Outer
            {
                public class Nested { public virtual HttpClient Create() => {|#7:new HttpClient()|}; }
            }

            // A public overridable factory called per call inside the library: judged by that call, as today.
            public class Overridable : IClientSource
            {
                public virtual HttpClient Get() => {|#8:new HttpClient()|};
            }

            internal class Sender
            {
                public Task<string> Send(IClientSource source, string url) => source.Get().GetStringAsync(url);
                public IClientSource Wrap(IClientSource source) => source;
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "CreatePrivate"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(1).WithArguments("new HttpClient()", "CreateStatic"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(2).WithArguments("new HttpClient()", "CreateNotVirtual"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(3).WithArguments("new HttpClient()", "CreateProtected"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(4).WithArguments("new HttpClient()", "Get"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(6).WithArguments("new HttpClient()", "Create"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(7).WithArguments("new HttpClient()", "Create"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(8).WithArguments("new HttpClient()", "Get"));
    }

    [Fact]
    public async Task ACallerThatReturnsTheClientFromPublicLibraryApi_IsNotACallPerCall_ButOtherCallersStillAre()
    {
        await Verify(
            """
            public class FlurlClient { public FlurlClient(HttpClient client) { } }

            public class Clients
            {
                private static HttpClient CreateHandedOut() => new HttpClient();
                private static HttpClient CreateAlsoUsed() => {|#0:new HttpClient()|};

                public virtual FlurlClient Build() => new FlurlClient(CreateHandedOut());
                public virtual HttpClient Direct()
                {
                    var client = CreateHandedOut();
                    return client;
                }

                public virtual FlurlClient BuildToo() => new FlurlClient(CreateAlsoUsed());
                internal FlurlClient BuildInternally() => new FlurlClient(CreateAlsoUsed());

                // Not a route out: a lambda the public member returns runs per call.
                public virtual Func<HttpClient> Later() => () => CreateLater();
                private static HttpClient CreateLater() => {|#1:new HttpClient()|};
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "CreateAlsoUsed"),
            VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(1).WithArguments("new HttpClient()", "CreateLater"));
    }

    [Fact]
    public async Task InstanceMembers_AreNotReportedWhenTheOptionSaysSo_ButMethodsStillAre()
    {
        var test = new VerifyCS.Test
        {
            TestCode = Usings + """
                class Controller
                {
                    private readonly HttpClient _field = new HttpClient();
                    private readonly HttpClient _fromConstructor;

                    public Controller() { _fromConstructor = new HttpClient(); }

                    public HttpClient PerCall() => [|new HttpClient()|];
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0201.report_instance_members = false\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task OnNetFramework48_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using System.Net.Http;

            class Service
            {
                public void Call()
                {
                    var client = [|new HttpClient()|];
                }
            }
            """,
            ReferenceAssemblyPresets.Net48);
    }
}

internal static class CompilationEmitExtensions
{
    public static System.Collections.Immutable.ImmutableArray<byte> EmitToArray(this Compilation compilation)
    {
        using var stream = new System.IO.MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return System.Collections.Immutable.ImmutableArray.Create(stream.ToArray());
    }
}
