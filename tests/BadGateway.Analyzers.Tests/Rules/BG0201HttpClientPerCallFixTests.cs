using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Verifiers;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0201HttpClientPerCallCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>BG0201's fixes: "Use a shared static HttpClient" and "Pass disposeHandler: false".</summary>
public class BG0201HttpClientPerCallFixTests
{
    [Fact]
    public async Task UsingDeclaration_BecomesASharedFieldOverSocketsHttpHandler_WithConstantConfigurationFolded()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class PriceClient
            {
                public async Task<string> GetAsync(string sku)
                {
                    // One client per call.
                    using var client = [|new HttpClient()|];
                    client.BaseAddress = new Uri("https://prices.example/");
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return await client.GetStringAsync(sku);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class PriceClient
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = new Uri("https://prices.example/"), Timeout = TimeSpan.FromSeconds(5) };

                public async Task<string> GetAsync(string sku)
                {
                    // One client per call.
                    return await s_httpClient.GetStringAsync(sku);
                }
            }
            """);
    }

    [Fact]
    public async Task UsingStatement_KeepsItsBody_AndDisposeCallsGo()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private static readonly object s_gate = new object();

                public async Task<int> A(string url)
                {
                    using (var client = [|new HttpClient()|])
                    {
                        var text = await client.GetStringAsync(url);
                        return text.Length;
                    }
                }

                public async Task B(string url)
                {
                    var client = [|new HttpClient()|];
                    await client.GetAsync(url);
                    client.Dispose();
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private static readonly object s_gate = new object();
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int> A(string url)
                {
                    {
                        var text = await s_httpClient.GetStringAsync(url);
                        return text.Length;
                    }
                }

                public async Task B(string url)
                {
                    await s_httpClient.GetAsync(url);
                }
            }
            """);
    }

    [Fact]
    public async Task InlineCreation_AndInstanceField_UseTheField_WithTheConfiguredLifetime()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private readonly HttpClient _client = [|new HttpClient()|];

                    public Task<string> Get(string url) => [|new HttpClient()|].GetStringAsync(url);
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private readonly HttpClient _client = s_httpClient;
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });

                    public Task<string> Get(string url) => s_httpClient.GetStringAsync(url);
                }
                """,
        }.WithEditorConfig("bg0201.pooled_connection_lifetime_minutes = 10").RunAsync();
    }

    [Fact]
    public async Task OnNet48_TheFieldIsAPlainHttpClient()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    public Task<string> Get(string url)
                    {
                        var client = [|new HttpClient()|];
                        return client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private static readonly HttpClient s_httpClient = new HttpClient();

                    public Task<string> Get(string url)
                    {
                        return s_httpClient.GetStringAsync(url);
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAll_SharesOneFieldPerConfigurationInAType_AndAvoidsNameClashes()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private int s_httpClient;

                public Task<string> A(string url) => [|new HttpClient()|].GetStringAsync(url);
                public Task<string> B(string url) => [|new HttpClient()|].GetStringAsync(url);
                public Task<string> D(string url) => [|new HttpClient { Timeout = TimeSpan.FromSeconds(1) }|].GetStringAsync(url);
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private int s_httpClient;
                private static readonly HttpClient s_httpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly HttpClient s_httpClient3 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(1) };

                public Task<string> A(string url) => s_httpClient2.GetStringAsync(url);
                public Task<string> B(string url) => s_httpClient2.GetStringAsync(url);
                public Task<string> D(string url) => s_httpClient3.GetStringAsync(url);
            }
            """);
    }

    [Fact]
    public async Task PerCallHeaders_MoveOntoAnHttpRequestMessage()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                public Task<HttpResponseMessage> Get(string url, string apiKey, string tenant)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
                    client.DefaultRequestHeaders.Add("X-Tenant", tenant);
                    return client.GetAsync(url);
                }

                public async Task<HttpResponseMessage> Post(string url, HttpContent content, string token, CancellationToken cancellationToken)
                {
                    var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return await client.PostAsync(url, content, cancellationToken);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Task<HttpResponseMessage> Get(string url, string apiKey, string tenant)
                {
                    return s_httpClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "X-Api-Key", apiKey }, { "X-Tenant", tenant } } });
                }

                public async Task<HttpResponseMessage> Post(string url, HttpContent content, string token, CancellationToken cancellationToken)
                {
                    return await s_httpClient.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } }, cancellationToken);
                }
            }
            """);
    }

    [Fact]
    public async Task ConstantHeadersGoToTheField_AndATryFinallyThatOnlyDisposesIsUnwrapped()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private const string Agent = "BadGateway";

                public async Task<string> Get(string url)
                {
                    var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Add("User-Agent", Agent);
                    try
                    {
                        return await client.GetStringAsync(url);
                    }
                    finally
                    {
                        client.Dispose();
                    }
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private const string Agent = "BadGateway";
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { DefaultRequestHeaders = { { "User-Agent", Agent } } };

                public async Task<string> Get(string url)
                {
                    {
                        return await s_httpClient.GetStringAsync(url);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallBaseAddress_MovesOntoTheRequestUri()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Tenants
            {
                public Task<HttpResponseMessage> Delete(Uri tenant, string path)
                {
                    var client = [|new HttpClient()|];
                    client.BaseAddress = tenant;
                    return client.DeleteAsync(path);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Tenants
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Task<HttpResponseMessage> Delete(Uri tenant, string path)
                {
                    return s_httpClient.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri(tenant, path)));
                }
            }
            """);
    }

    [Fact]
    public async Task FixAll_AcrossTheDocumentsOfAProject()
    {
        var test = new VerifyCS.Test();
        test.TestState.Sources.Add(("/0/A.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;

            class A
            {
                public Task<string> Get(string url) => [|new HttpClient()|].GetStringAsync(url);
            }
            """));
        test.TestState.Sources.Add(("/0/B.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;

            class B
            {
                public Task<string> Get(string url) => [|new HttpClient()|].GetStringAsync(url);
            }
            """));
        test.FixedState.Sources.Add(("/0/A.cs", """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class A
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Task<string> Get(string url) => s_httpClient.GetStringAsync(url);
            }
            """));
        test.FixedState.Sources.Add(("/0/B.cs", """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class B
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Task<string> Get(string url) => s_httpClient.GetStringAsync(url);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task PerCallConfigurationOrAnEscapingClient_HasNoFix()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                public Task<string> Headers(string url, string token)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Add("Authorization", token);
                    return client.GetStringAsync(url);
                }

                public Task<string> BaseAddressFromAParameter(System.Uri baseAddress, string url)
                {
                    var client = [|new HttpClient { BaseAddress = baseAddress }|];
                    return client.GetStringAsync(url);
                }

                public HttpClient Escapes() => {|#0:new HttpClient()|};

                public Task<string> OwnHandler(string url, HttpMessageHandler handler) => [|new HttpClient(handler)|].GetStringAsync(url);
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201FactoryClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "Escapes") },

            // The factory report is a compilation-end diagnostic; FixedCode == TestCode asserts that nothing is offered for it.
            CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task ClientsKeptOnceOrOverAHandlerTheCallDidNotCreate_AreLeftAsTheyAre()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private readonly Lazy<HttpClient> _lazy = new Lazy<HttpClient>(() => new HttpClient());
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private HttpMessageHandler _handler = new SocketsHttpHandler();

                public HttpClient Cached(string host) => _clients.GetOrAdd(host, _ => new HttpClient());
                public Task<string> Kept(string url) => new HttpClient(_handler, disposeHandler: false).GetStringAsync(url);

                public async Task<string> PerCall(string url)
                {
                    using var client = [|new HttpClient()|];
                    return await client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Collections.Concurrent;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private readonly Lazy<HttpClient> _lazy = new Lazy<HttpClient>(() => new HttpClient());
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private HttpMessageHandler _handler = new SocketsHttpHandler();
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public HttpClient Cached(string host) => _clients.GetOrAdd(host, _ => new HttpClient());
                public Task<string> Kept(string url) => new HttpClient(_handler, disposeHandler: false).GetStringAsync(url);

                public async Task<string> PerCall(string url)
                {
                    return await s_httpClient.GetStringAsync(url);
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallClientOverASharedHandler_GetsDisposeHandlerFalse()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private static readonly HttpClientHandler s_handler = new HttpClientHandler();

                    public Task<string> Get(string url)
                    {
                        using var client = {|#0:new HttpClient(s_handler)|};
                        return client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private static readonly HttpClientHandler s_handler = new HttpClientHandler();

                    public Task<string> Get(string url)
                    {
                        using var client = new HttpClient(s_handler, disposeHandler: false);
                        return client.GetStringAsync(url);
                    }
                }
                """,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201SharedHandlerDisposed).WithLocation(0).WithArguments("new HttpClient(s_handler)") },
        }.RunAsync();
    }
}

/// <summary>BG0201's "Use IHttpClientFactory".</summary>
public class BG0201HttpClientFactoryFixTests
{
    private const string FactoryKey = "BG0201.UseHttpClientFactory";

    [Fact]
    public async Task ClassWithoutConstructor_GetsTheFactoryInjected_AndTheClientComesFromIt()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class PriceClient
                {
                    public async Task<string> GetAsync(string url)
                    {
                        // The price, fresh.
                        using var client = [|new HttpClient()|];
                        client.Timeout = System.TimeSpan.FromSeconds(3);
                        return await client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class PriceClient
                {
                    private readonly IHttpClientFactory _httpClientFactory;

                    public PriceClient(IHttpClientFactory httpClientFactory)
                    {
                        _httpClientFactory = httpClientFactory;
                    }

                    public async Task<string> GetAsync(string url)
                    {
                        // The price, fresh.
                        var client = _httpClientFactory.CreateClient();
                        client.Timeout = System.TimeSpan.FromSeconds(3);
                        return await client.GetStringAsync(url);
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = FactoryKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ExistingConstructor_GetsTheParameter_AndFixAllInjectsOnce()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class Controller
                {
                    private readonly string _prefix;

                    public Controller(string prefix)
                    {
                        _prefix = prefix;
                    }

                    public Task<string> A(string url) => [|new HttpClient()|].GetStringAsync(_prefix + url);

                    public async Task<int> B(string url)
                    {
                        var client = [|new HttpClient()|];
                        var text = await client.GetStringAsync(_prefix + url);
                        client.Dispose();
                        return text.Length;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class Controller
                {
                    private readonly string _prefix;
                    private readonly IHttpClientFactory _httpClientFactory;

                    public Controller(string prefix, IHttpClientFactory httpClientFactory)
                    {
                        _httpClientFactory = httpClientFactory;
                        _prefix = prefix;
                    }

                    public Task<string> A(string url) => _httpClientFactory.CreateClient().GetStringAsync(_prefix + url);

                    public async Task<int> B(string url)
                    {
                        var client = _httpClientFactory.CreateClient();
                        var text = await client.GetStringAsync(_prefix + url);
                        return text.Length;
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = FactoryKey,
        }.RunAsync();
    }

    [Fact]
    public async Task NotOffered_WithoutMicrosoftExtensionsHttp_InStaticMembers_OrWhenTheClassIsConstructedInSource()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Used
            {
                public Task<string> A(string url) => [|new HttpClient({|BG0201:new HttpClientHandler()|})|].GetStringAsync(url);
                public static Task<string> B(string url) => [|new HttpClient({|BG0201:new HttpClientHandler()|})|].GetStringAsync(url);
            }

            class Maker
            {
                public object Make() => new Used();
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = FactoryKey,
        }.RunAsync();
    }
}

/// <summary>BG0201's "Use IHttpClientFactory" with a composition root in source: a named client, registered there.</summary>
public class BG0201HttpClientFactoryRegistrationTests
{
    [Fact]
    public async Task ConstantBaseAddress_BecomesANamedClientRegisteredInTheCompositionRoot()
    {
        var test = new VerifyCS.Test
        {
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = "BG0201.UseHttpClientFactory",
        };
        test.TestState.Sources.Add(("/0/Startup.cs", """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddHttpClient();
                }
            }
            """));
        test.TestState.Sources.Add(("/0/PriceClient.cs", """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class PriceClient
            {
                public Task<string> GetAsync(string sku)
                {
                    using var client = [|new HttpClient()|];
                    client.BaseAddress = new Uri("https://prices.example/");
                    return client.GetStringAsync(sku);
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Startup.cs", """
            using System;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddHttpClient();
                    services.AddHttpClient("PriceClient", client => { client.BaseAddress = new Uri("https://prices.example/"); });
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/PriceClient.cs", """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class PriceClient
            {
                private readonly IHttpClientFactory _httpClientFactory;

                public PriceClient(IHttpClientFactory httpClientFactory)
                {
                    _httpClientFactory = httpClientFactory;
                }

                public Task<string> GetAsync(string sku)
                {
                    var client = _httpClientFactory.CreateClient("PriceClient");
                    return client.GetStringAsync(sku);
                }
            }
            """));
        await test.RunAsync();
    }
}

/// <summary>BG0201's "Use IHttpClientFactory" on a class with a primary constructor.</summary>
public class BG0201HttpClientFactoryPrimaryConstructorTests
{
    [Fact]
    public async Task PrimaryConstructor_GetsTheFactoryParameter_UsedDirectly()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class Prices(string prefix)
                {
                    public Task<string> Get(string sku) => [|new HttpClient()|].GetStringAsync(prefix + sku);
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class Prices(string prefix, IHttpClientFactory httpClientFactory)
                {
                    public Task<string> Get(string sku) => httpClientFactory.CreateClient().GetStringAsync(prefix + sku);
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = "BG0201.UseHttpClientFactory",
        }.RunAsync();
    }
}
