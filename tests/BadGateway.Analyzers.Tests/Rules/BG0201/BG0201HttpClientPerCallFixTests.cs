using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0201HttpClientPerCallCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>BG0201's fixes: "Use a shared static HttpClient", "Pass disposeHandler: false" and "Use IHttpClientFactory".</summary>
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
        }.WithEditorConfig("bg0201.pooled_connection_lifetime_minutes = 10\nbg0201.report_instance_members = true").RunAsync();
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
                    return s_httpClient.DeleteAsync(new Uri(tenant, path));
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
    public async Task HttpClientFactoryImplementations_HaveNoFix_ImplicitOrExplicit()
    {
        // MinIO's fallback factory: sharing the client is the implementation's decision (one client, or one per name).
        // The explicit implementation used to be reported as a client per call and offered "Use a shared static HttpClient".
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            sealed class Fallback : IHttpClientFactory
            {
                public HttpClient CreateClient(string name) => {|#0:new HttpClient()|};
            }

            sealed class ExplicitFallback : IHttpClientFactory
            {
                HttpClient IHttpClientFactory.CreateClient(string name) => {|#1:new HttpClient()|};
            }

            sealed class Client
            {
                private readonly IHttpClientFactory _factory;
                public Client(IHttpClientFactory factory) { _factory = factory; }
                public async Task<string> GetAsync(string url)
                {
                    using var http = _factory.CreateClient("api");
                    return await http.GetStringAsync(url);
                }
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic(Descriptors.BG0201FactoryImplementationClientPerCall).WithLocation(0).WithArguments("new HttpClient()", "CreateClient"),
                VerifyCS.Diagnostic(Descriptors.BG0201FactoryImplementationClientPerCall).WithLocation(1).WithArguments("new HttpClient()", "CreateClient"),
            },
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

    // ---- The shared handler's connection limit (BG0301) ----

    private const string EntryPoint = "static class EntryPoint { static void Main() { } }";

    private const string PerCallPriceClient = """
        using System.Net.Http;
        using System.Threading.Tasks;

        class PriceClient
        {
            public async Task<string> GetAsync(string sku)
            {
                using var client = {|BG0201:new HttpClient()|};
                return await client.GetStringAsync("https://prices.example/" + sku);
            }
        }
        """;

    private static string SharedPriceClient(string handlerSettings) => $$"""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class PriceClient
        {
            private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { {{handlerSettings}} });

            public async Task<string> GetAsync(string sku)
            {
                return await s_httpClient.GetStringAsync("https://prices.example/" + sku);
            }
        }
        """;

    /// <summary>BG0201's fix, with BG0301's analyzer running on the code before and after it.</summary>
    private sealed class WithBG0301 : CSharpCodeFixTest<BG0201HttpClientPerCallAnalyzer, BG0201HttpClientPerCallCodeFixProvider, DefaultVerifier>
    {
        public WithBG0301(OutputKind kind, string? editorConfig)
        {
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80;
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.OutputKind = kind;
            FixedState.OutputKind = kind;
            if (editorConfig is not null)
            {
                TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
            }
        }

        /// <summary>The Main an executable needs, in a file of its own; called once the sources under test are in.</summary>
        public WithBG0301 WithEntryPoint()
        {
            TestState.Sources.Add(("/0/EntryPoint.cs", EntryPoint));
            FixedState.Sources.Add(("/0/EntryPoint.cs", EntryPoint));
            return this;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
            base.GetDiagnosticAnalyzers().Append(new BG0301MaxConnectionsPerServerAnalyzer());
    }

    private static Task VerifyWithBG0301Async(OutputKind kind, string? editorConfig, string fixedSource)
    {
        var test = new WithBG0301(kind, editorConfig) { TestCode = PerCallPriceClient, FixedCode = fixedSource };
        if (kind != OutputKind.DynamicallyLinkedLibrary)
        {
            test.WithEntryPoint();
        }

        // The fixed state expects no diagnostic at all: neither BG0201 nor BG0301 has anything left to report.
        return test.RunAsync();
    }

    [Theory]
    [InlineData(null, "50")]
    [InlineData("bg0301.max_connections_per_server = 80", "80")]
    [InlineData("bg0301.max_connections_per_server = 2", "3")]
    [InlineData("bg0301.max_connections_per_server = abc", "50")]
    public async Task InAnExecutable_TheSharedHandlerAlsoSetsMaxConnectionsPerServer_SoBG0301HasNothingToReport(string? editorConfig, string expected)
    {
        // What BG0301's fix would write: the configured value, never below the minimum (3 by default).
        await VerifyWithBG0301Async(
            OutputKind.ConsoleApplication,
            editorConfig,
            SharedPriceClient("PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = " + expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bg0301.max_connections_per_server = 80")]
    public async Task InALibrary_TheSharedHandlerLeavesTheLimitToTheApp_AndBG0301HasNothingToReport(string? editorConfig)
    {
        await VerifyWithBG0301Async(
            OutputKind.DynamicallyLinkedLibrary,
            editorConfig,
            SharedPriceClient("PooledConnectionLifetime = TimeSpan.FromMinutes(2)"));
    }

    [Fact]
    public async Task OnNet48InAnExecutable_ThePlainSharedField_IsBG0301sNextReport()
    {
        // The control for the tests above (BG0301 does run on the fixed code): without SocketsHttpHandler the field is a
        // plain HttpClient, and BG0301 asks for its limit (its own fix creates it over an HttpClientHandler).
        const string fixedSource = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class PriceClient
            {
                private static readonly HttpClient s_httpClient = {|BG0301:new HttpClient()|};

                public async Task<string> GetAsync(string sku)
                {
                    return await s_httpClient.GetStringAsync("https://prices.example/" + sku);
                }
            }
            """;

        var test = new WithBG0301(OutputKind.ConsoleApplication, editorConfig: null)
        {
            TestCode = PerCallPriceClient,
            FixedCode = fixedSource,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
        };
        await test.WithEntryPoint().RunAsync();
    }

    [Fact]
    public async Task InAWindowsApp_FixAllSharesOneFieldWithTheLimit()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Clients
            {
                public Task<string> A(string url) => {|BG0201:new HttpClient()|}.GetStringAsync(url);

                public async Task<string> B(string url)
                {
                    using var client = {|BG0201:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Clients
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 20 });

                public Task<string> A(string url) => s_httpClient.GetStringAsync(url);

                public async Task<string> B(string url)
                {
                    return await s_httpClient.GetStringAsync(url);
                }
            }
            """;

        var test = new WithBG0301(OutputKind.WindowsApplication, "bg0201.pooled_connection_lifetime_minutes = 5\nbg0301.max_connections_per_server = 20")
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        await test.WithEntryPoint().RunAsync();
    }

    // ---- Use IHttpClientFactory ----

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
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.FactoryKey,
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
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.FactoryKey,
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
                public Task<string> A(string url) => [|new HttpClient(new HttpClientHandler())|].GetStringAsync(url);
                public static Task<string> B(string url) => [|new HttpClient(new HttpClientHandler())|].GetStringAsync(url);
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
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.FactoryKey,
        }.RunAsync();
    }

    // ---- Use IHttpClientFactory with a composition root in source: a named client, registered there ----

    [Fact]
    public async Task ConstantBaseAddress_BecomesANamedClientRegisteredInTheCompositionRoot()
    {
        var test = new VerifyCS.Test
        {
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.FactoryKey,
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

    // ---- Use IHttpClientFactory on a class with a primary constructor ----

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
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.FactoryKey,
        }.RunAsync();
    }
}
