using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0201HttpClientPerCallCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0201's "Use a shared static HttpClient" on the shapes of #15: a handler created in the call, a per-call BaseAddress,
/// constant headers added through collections, a client in a loop of top-level statements, a property that hands out a
/// new client on each access.
/// </summary>
public class BG0201MoreShapesFixTests
{
    // ---- 1. A handler created in the same call ----

    [Fact]
    public async Task HandlerCreatedInTheCall_OrInALocalJustBefore_MovesIntoTheField()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                public Task<string> Sockets(string url)
                {
                    using var client = [|new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 10 })|];
                    return client.GetStringAsync(url);
                }

                public async Task<string> Local(string url)
                {
                    // No cookies.
                    var handler = new HttpClientHandler { UseCookies = false };
                    using var client = [|new HttpClient(handler)|];
                    return await client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 10 });
                private static readonly HttpClient s_httpClient2 = new HttpClient(new HttpClientHandler { UseCookies = false });

                public Task<string> Sockets(string url)
                {
                    return s_httpClient.GetStringAsync(url);
                }

                public async Task<string> Local(string url)
                {
                    // No cookies.
                    return await s_httpClient2.GetStringAsync(url);
                }
            }
            """);
    }

    [Fact]
    public async Task InAnExecutable_TheHandlerAlsoGetsMaxConnectionsPerServer_SoBG0301HasNothingToReport()
    {
        var test = new WithBG0301(OutputKind.ConsoleApplication)
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                static class Program
                {
                    static void Main() { }

                    static Task<string> Get(string url)
                    {
                        var handler = new HttpClientHandler { UseCookies = false };
                        using var client = [|new HttpClient(handler)|];
                        return client.GetStringAsync(url);
                    }

                    static Task<string> Inline(string url) => [|new HttpClient(new HttpClientHandler())|].GetStringAsync(url);
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                static class Program
                {
                    private static readonly HttpClient s_httpClient = new HttpClient(new HttpClientHandler { UseCookies = false, MaxConnectionsPerServer = 50 });
                    private static readonly HttpClient s_httpClient2 = new HttpClient(new HttpClientHandler() { MaxConnectionsPerServer = 50 });

                    static void Main() { }

                    static Task<string> Get(string url)
                    {
                        return s_httpClient.GetStringAsync(url);
                    }

                    static Task<string> Inline(string url) => s_httpClient2.GetStringAsync(url);
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task HandlerWithPerCallValues_OrUsedAgain_HasNoFix()
    {
        const string source = """
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly bool _cookies;
                private static readonly bool s_cookies = false;

                public Task<string> FromAParameter(string url, bool cookies)
                {
                    var handler = new HttpClientHandler { UseCookies = cookies };
                    using var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }

                public Task<string> FromAnInstanceField(string url) => [|new HttpClient(new HttpClientHandler { UseCookies = _cookies })|].GetStringAsync(url);

                public Task<string> Credentials(string url, ICredentials credentials) => [|new HttpClient(new HttpClientHandler { Credentials = credentials })|].GetStringAsync(url);

                public Task<string> ConfiguredAfterwards(string url)
                {
                    var handler = new HttpClientHandler();
                    handler.UseCookies = s_cookies;
                    using var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }

                public Task<string> HandlerFromALocalFunction(string url)
                {
                    HttpMessageHandler Create() => new HttpClientHandler();
                    var handler = Create();
                    using var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public async Task StaticReadonlyHandlerSettings_AreConstant()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(3);
                private const int Limit = 4;

                public Task<string> Get(string url)
                {
                    var handler = new SocketsHttpHandler { PooledConnectionLifetime = s_lifetime, MaxConnectionsPerServer = Limit };
                    var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(3);
                private const int Limit = 4;
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = s_lifetime, MaxConnectionsPerServer = Limit });

                public Task<string> Get(string url)
                {
                    return s_httpClient.GetStringAsync(url);
                }
            }
            """);
    }

    // ---- 2. A per-call BaseAddress ----

    [Fact]
    public async Task PerCallBaseAddress_EveryRequestOnTheClientGetsAnAbsoluteUri()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Tenants
            {
                private readonly Uri _baseUri = new Uri("https://tenants.example/");

                public async Task<string> Sync(string baseUrl, string path, HttpContent content)
                {
                    using var client = [|new HttpClient()|];
                    client.BaseAddress = new Uri(baseUrl);
                    await client.PostAsync(path, content);
                    return await client.GetStringAsync(path + "/status");
                }

                public Task<byte[]> Field(Uri path)
                {
                    var client = [|new HttpClient { BaseAddress = _baseUri, Timeout = TimeSpan.FromSeconds(3) }|];
                    return client.GetByteArrayAsync(path);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Tenants
            {
                private readonly Uri _baseUri = new Uri("https://tenants.example/");
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly HttpClient s_httpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(3) };

                public async Task<string> Sync(string baseUrl, string path, HttpContent content)
                {
                    await s_httpClient.PostAsync(new Uri(new Uri(baseUrl), path), content);
                    return await s_httpClient.GetStringAsync(new Uri(new Uri(baseUrl), path + "/status"));
                }

                public Task<byte[]> Field(Uri path)
                {
                    return s_httpClient2.GetByteArrayAsync(new Uri(_baseUri, path));
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallBaseAddress_JsonExtensions_GetAbsoluteUrisToo()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;

            class Orders
            {
                public async Task<int[]> Get(Uri api, int id)
                {
                    using var client = [|new HttpClient { BaseAddress = api }|];
                    await client.PostAsJsonAsync("orders", id);
                    return await client.GetFromJsonAsync<int[]>($"orders/{id}");
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;

            class Orders
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int[]> Get(Uri api, int id)
                {
                    await s_httpClient.PostAsJsonAsync(new Uri(api, "orders"), id);
                    return await s_httpClient.GetFromJsonAsync<int[]>(new Uri(api, $"orders/{id}"));
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallBaseAddress_WithAnotherUseOfTheClient_OrAValueThatMayChange_HasNoFix()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Tenants
            {
                private Uri _current = new Uri("https://a.example/");

                public Task<HttpResponseMessage> Send(Uri baseAddress, string path)
                {
                    using var client = [|new HttpClient()|];
                    client.BaseAddress = baseAddress;
                    return client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
                }

                public Task<string> MutableField(string path)
                {
                    using var client = [|new HttpClient { BaseAddress = _current }|];
                    return client.GetStringAsync(path);
                }

                public Task<string> Reassigned(Uri baseAddress, string path)
                {
                    baseAddress = new Uri(baseAddress, "v2/");
                    using var client = [|new HttpClient { BaseAddress = baseAddress }|];
                    return client.GetStringAsync(path);
                }

                public Task<string> ReadsIt(string baseUrl, string path)
                {
                    using var client = [|new HttpClient()|];
                    client.BaseAddress = new Uri(baseUrl);
                    Console.WriteLine(client.BaseAddress);
                    return client.GetStringAsync(path);
                }
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    // ---- 3. Constant headers added through collections ----

    [Fact]
    public async Task ConstantCollectionHeaders_GoIntoAStaticFactoryMethod_WithTheirComments()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Catalog
            {
                private const string Key = "k-1";

                public async Task<string> Get(string url)
                {
                    using var client = [|new HttpClient()|];
                    client.Timeout = TimeSpan.FromSeconds(10);
                    // JSON only.
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    client.DefaultRequestHeaders.UserAgent.ParseAdd("catalog/1.0");
                    client.DefaultRequestHeaders.Add("X-Api", Key);
                    client.DefaultRequestHeaders.TryAddWithoutValidation("X-Trace", "on");
                    return await client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Catalog
            {
                private const string Key = "k-1";
                private static readonly HttpClient s_httpClient = CreateHttpClient();

                public async Task<string> Get(string url)
                {
                    return await s_httpClient.GetStringAsync(url);
                }

                private static HttpClient CreateHttpClient()
                {
                    var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    client.Timeout = TimeSpan.FromSeconds(10);
                    // JSON only.
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    client.DefaultRequestHeaders.UserAgent.ParseAdd("catalog/1.0");
                    client.DefaultRequestHeaders.Add("X-Api", Key);
                    client.DefaultRequestHeaders.TryAddWithoutValidation("X-Trace", "on");
                    return client;
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallCollectionHeaders_HaveNoFix()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Catalog
            {
                private readonly string _agent = "a/1";

                public Task<string> MediaType(string url, string mediaType)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                    return client.GetStringAsync(url);
                }

                public Task<string> Agent(string url)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.UserAgent.ParseAdd(_agent);
                    return client.GetStringAsync(url);
                }

                public Task<string> Token(string url, string token)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
                    return client.GetStringAsync(url);
                }
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public async Task FixAll_TwoMethodsWithTheSameSetup_ShareOneFieldAndOneFactory()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Catalog
            {
                public Task<string> A(string url)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return client.GetStringAsync(url);
                }

                public Task<string> B(string url)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return client.GetStringAsync(url);
                }

                public Task<string> C(string url)
                {
                    var handler = new HttpClientHandler { UseCookies = false };
                    using var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }

                public Task<string> D(string url)
                {
                    var handler = new HttpClientHandler { UseCookies = false };
                    using var client = [|new HttpClient(handler)|];
                    return client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Catalog
            {
                private static readonly HttpClient s_httpClient = CreateHttpClient();
                private static readonly HttpClient s_httpClient2 = new HttpClient(new HttpClientHandler { UseCookies = false });

                public Task<string> A(string url)
                {
                    return s_httpClient.GetStringAsync(url);
                }

                public Task<string> B(string url)
                {
                    return s_httpClient.GetStringAsync(url);
                }

                public Task<string> C(string url)
                {
                    return s_httpClient2.GetStringAsync(url);
                }

                public Task<string> D(string url)
                {
                    return s_httpClient2.GetStringAsync(url);
                }

                private static HttpClient CreateHttpClient()
                {
                    var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return client;
                }
            }
            """);
    }

    // ---- 4. A client created in a loop of top-level statements ----

    [Fact]
    public async Task TopLevelLoop_TheClientIsCreatedOnceBeforeTheOutermostLoop()
    {
        await new WithBG0301(OutputKind.ConsoleApplication)
        {
            TestCode = """
                using System;
                using System.Net.Http;

                var urls = new[] { "https://a.example/", "https://b.example/" };
                for (var round = 0; round < 2; round++)
                {
                    foreach (var url in urls)
                    {
                        // One client per URL.
                        using var client = [|new HttpClient()|];
                        client.Timeout = TimeSpan.FromSeconds(5);
                        Console.WriteLine(await client.GetStringAsync(url));
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                var urls = new[] { "https://a.example/", "https://b.example/" };
                using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 50 });
                client.Timeout = TimeSpan.FromSeconds(5);
                for (var round = 0; round < 2; round++)
                {
                    foreach (var url in urls)
                    {
                        // One client per URL.
                        Console.WriteLine(await client.GetStringAsync(url));
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelLoop_UsingStatement_KeepsItsBody_AndItsHandlerGetsTheLimit_SoBG0301HasNothingToReport()
    {
        await new WithBG0301(OutputKind.ConsoleApplication)
        {
            TestCode = """
                using System;
                using System.Net.Http;

                foreach (var url in args)
                {
                    using (var http = [|new HttpClient(new HttpClientHandler { UseCookies = false })|])
                    {
                        Console.WriteLine(await http.GetStringAsync(url));
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                using var http = new HttpClient(new HttpClientHandler { UseCookies = false, MaxConnectionsPerServer = 50 });
                foreach (var url in args)
                {
                    {
                        Console.WriteLine(await http.GetStringAsync(url));
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelLoop_PerIterationSetup_ANameInUse_OrALambda_HasNoFix()
    {
        const string source = """
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;

            foreach (var url in args)
            {
                using var client = [|new HttpClient()|];
                client.BaseAddress = new Uri(url);
                Console.WriteLine(await client.GetStringAsync("status"));
            }

            foreach (var url in args)
            {
                using var other = [|new HttpClient()|];
                Console.WriteLine(await other.GetStringAsync(url));
            }

            foreach (var url in args)
            {
                using var other = [|new HttpClient()|];
                Console.WriteLine(await other.GetStringAsync(url));
            }

            await Task.WhenAll(args.Select(async url =>
            {
                foreach (var part in url.Split('/'))
                {
                    using var inLambda = [|new HttpClient()|];
                    await inLambda.GetStringAsync(part);
                }
            }));
            """;
        await new VerifyCS.Test
        {
            TestState = { OutputKind = OutputKind.ConsoleApplication },
            TestCode = source,
            FixedCode = source,
        }.RunAsync();
    }

    // ---- 5. A property that hands out a new client on each access ----

    [Fact]
    public async Task Property_HandsOutTheSharedClient()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                public HttpClient Client => [|new HttpClient()|];

                private HttpClient Json
                {
                    get { return [|new HttpClient(new HttpClientHandler { UseCookies = false })|]; }
                }

                public Task<string> Get(string url) => Client.GetStringAsync(url);

                public async Task<int> Length(Api api, string url) => (await api.Json.GetStringAsync(url)).Length + (int)this.Client.Timeout.TotalSeconds;
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly HttpClient s_httpClient2 = new HttpClient(new HttpClientHandler { UseCookies = false });

                public HttpClient Client => s_httpClient;

                private HttpClient Json
                {
                    get { return s_httpClient2; }
                }

                public Task<string> Get(string url) => Client.GetStringAsync(url);

                public async Task<int> Length(Api api, string url) => (await api.Json.GetStringAsync(url)).Length + (int)this.Client.Timeout.TotalSeconds;
            }
            """);
    }

    [Fact]
    public async Task Property_WhoseClientACallerDisposesChangesOrKeeps_OrPublicApiOfALibrary_HasNoFix()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Disposed
            {
                public HttpClient Client => [|new HttpClient()|];

                public async Task Get(string url)
                {
                    using var client = Client;
                    await client.GetAsync(url);
                }
            }

            class DisposedDirectly
            {
                public HttpClient Client => [|new HttpClient()|];

                public void Done() => Client.Dispose();
            }

            class Configured
            {
                public HttpClient Client => [|new HttpClient()|];

                public Task<string> Get(string url)
                {
                    Client.Timeout = TimeSpan.FromSeconds(1);
                    return Client.GetStringAsync(url);
                }
            }

            class Kept
            {
                private HttpClient? _kept;

                public HttpClient Client => [|new HttpClient()|];

                public void Keep() => _kept = Client;
            }

            public class PublicApi
            {
                public HttpClient Client => [|new HttpClient()|];
            }

            class Virtual
            {
                public virtual HttpClient Client => [|new HttpClient()|];
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    // ---- More places: lambdas, local functions, accessors, nested blocks, half-typed code ----

    [Fact]
    public async Task InALambdaAndALocalFunction_TheHandlerLocalAndTheBaseAddressMoveAsWell()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                public Func<string, Task<string>> Fetch() => async url =>
                {
                    var handler = new HttpClientHandler { AllowAutoRedirect = false };
                    using var client = [|new HttpClient(handler)|];
                    return await client.GetStringAsync(url);
                };

                public Task<string> Outer(Uri root, string path)
                {
                    return Inner();

                    Task<string> Inner()
                    {
                        using var client = [|new HttpClient { BaseAddress = root }|];
                        return client.GetStringAsync(path);
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
                private static readonly HttpClient s_httpClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                private static readonly HttpClient s_httpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Func<string, Task<string>> Fetch() => async url =>
                {
                    return await s_httpClient.GetStringAsync(url);
                };

                public Task<string> Outer(Uri root, string path)
                {
                    return Inner();

                    Task<string> Inner()
                    {
                        return s_httpClient2.GetStringAsync(new Uri(root, path));
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task StaticPropertyWithAGetAccessorArrow_HandsOutTheSharedClient()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Clients
            {
                internal static HttpClient Default
                {
                    // A new one each time.
                    get => [|new HttpClient()|];
                }

                internal static Task<string> Get(string url) => Clients.Default.GetStringAsync(url);
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Clients
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                internal static HttpClient Default
                {
                    // A new one each time.
                    get => s_httpClient;
                }

                internal static Task<string> Get(string url) => Clients.Default.GetStringAsync(url);
            }
            """);
    }

    [Fact]
    public async Task TopLevelLoop_InABlock_ItsDisposeGoes_AndTheClientIsDisposedOnce()
    {
        await new WithBG0301(OutputKind.ConsoleApplication)
        {
            TestCode = """
                using System;
                using System.Net.Http;

                if (args.Length > 0)
                {
                    var i = 0;
                    while (i < args.Length)
                    {
                        var client = [|new HttpClient()|];
                        Console.WriteLine(await client.GetStringAsync(args[i++]));
                        client.Dispose();
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                if (args.Length > 0)
                {
                    var i = 0;
                    using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 50 });
                    while (i < args.Length)
                    {
                        Console.WriteLine(await client.GetStringAsync(args[i++]));
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelLoop_InALocalFunction_OrHandedOn_HasNoFix()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            await Run();

            foreach (var url in args)
            {
                var handed = [|new HttpClient()|];
                await Use(handed, url);
            }

            async Task Run()
            {
                foreach (var url in args)
                {
                    using var inFunction = [|new HttpClient()|];
                    await inFunction.GetStringAsync(url);
                }
            }

            static Task Use(HttpClient client, string url) => client.GetStringAsync(url);
            """;
        await new VerifyCS.Test
        {
            TestState = { OutputKind = OutputKind.ConsoleApplication },
            TestCode = source,
            FixedCode = source,
        }.RunAsync();
    }

    [Theory]
    [InlineData("class A { System.Net.Http.HttpClient P => new System.Net.Http.HttpClient(; }")]
    [InlineData("class A { void M(string u) { var h = new System.Net.Http.HttpClientHandler { UseCookies = }; using var c = new System.Net.Http.HttpClient(h); c.GetStringAsync(u); } }")]
    [InlineData("class A { void M(string b) { using var c = new System.Net.Http.HttpClient(); c.BaseAddress = new System.Uri(b); c.GetStringAsync(); } }")]
    [InlineData("class A { void M() { using var c = new System.Net.Http.HttpClient(); c.DefaultRequestHeaders.Accept.Add(; c.GetStringAsync(\"x\"); } }")]
    [InlineData("foreach (var u in args) { using var c = new System.Net.Http.HttpClient(); c.GetStringAsync(u) }")]
    public async Task HalfTypedCode_NeitherTheAnalyzerNorTheFixThrows(string source)
    {
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, MultiTargetProject.Net80);
        foreach (var diagnostic in await project.DiagnosticsAsync("BG0201"))
        {
            // Whatever is offered applies; FixGuard keeps an exception out of the IDE.
            _ = await project.FixesAsync(diagnostic);
        }
    }

    // ---- Every target framework ----

    [Fact]
    public async Task OnNet80AndNet472_EveryShapeCompilesInBoth_WithoutSocketsHttpHandler()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                public Task<string> Handler(string url)
                {
                    var handler = new HttpClientHandler { UseCookies = false };
                    using var client = new HttpClient(handler);
                    return client.GetStringAsync(url);
                }

                public Task<string> BaseAddress(string baseUrl, string path)
                {
                    using var client = new HttpClient();
                    client.BaseAddress = new Uri(baseUrl);
                    return client.GetStringAsync(path);
                }

                public Task<string> Headers(string url)
                {
                    using var client = new HttpClient();
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return client.GetStringAsync(url);
                }

                public HttpClient Client => new HttpClient();
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        var diagnostics = await project.DiagnosticsAsync("BG0201");
        Assert.Equal(4, diagnostics.Length);
        foreach (var diagnostic in diagnostics)
        {
            var (_, text) = Assert.Single(await project.FixesAsync(diagnostic), f => f.Title == "Use a shared static HttpClient");
            Assert.DoesNotContain("SocketsHttpHandler", text, System.StringComparison.Ordinal);
            Assert.Empty(await project.ErrorsEverywhereAsync(text));
        }

        var all = await project.FixAllAsync("BG0201", BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey);
        Assert.Empty(await project.ErrorsEverywhereAsync(all));
        Assert.Equal(
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new HttpClientHandler { UseCookies = false });
                private static readonly HttpClient s_httpClient2 = new HttpClient();
                private static readonly HttpClient s_httpClient3 = CreateHttpClient();

                public Task<string> Handler(string url)
                {
                    return s_httpClient.GetStringAsync(url);
                }

                public Task<string> BaseAddress(string baseUrl, string path)
                {
                    return s_httpClient2.GetStringAsync(new Uri(new Uri(baseUrl), path));
                }

                public Task<string> Headers(string url)
                {
                    return s_httpClient3.GetStringAsync(url);
                }

                public HttpClient Client => s_httpClient2;

                private static HttpClient CreateHttpClient()
                {
                    var client = new HttpClient();
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return client;
                }
            }
            """.ReplaceLineEndings("\n"),
            all.ReplaceLineEndings("\n"));
    }

    /// <summary>BG0201's fix, with BG0301's analyzer running on the code before and after it.</summary>
    private sealed class WithBG0301 : CSharpCodeFixTest<BG0201HttpClientPerCallAnalyzer, BG0201HttpClientPerCallCodeFixProvider, DefaultVerifier>
    {
        public WithBG0301(OutputKind kind)
        {
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80;
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.OutputKind = kind;
            FixedState.OutputKind = kind;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
            base.GetDiagnosticAnalyzers().Append(new BG0301MaxConnectionsPerServerAnalyzer());
    }

    // ---- Round 2: a handler kept by the instance, disposed by a per-call client ----

    [Fact]
    public async Task HandlerInjectedPerInstance_DisposeHandlerTrue_BecomesFalse_NamedOrPositional()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public class WeatherService
            {
                private readonly HttpMessageHandler _handler;
                private static readonly HttpMessageHandler s_handler = new HttpClientHandler();

                public WeatherService(HttpMessageHandler handler) => _handler = handler;

                public async Task<string> ForecastAsync(string url)
                {
                    using var client = {|#0:new HttpClient(_handler, disposeHandler: true)|}; // per call
                    return await client.GetStringAsync(url);
                }

                public Task<string> AlertsAsync(string url) => {|#1:new HttpClient(s_handler, true)|}.GetStringAsync(url);
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public class WeatherService
            {
                private readonly HttpMessageHandler _handler;
                private static readonly HttpMessageHandler s_handler = new HttpClientHandler();

                public WeatherService(HttpMessageHandler handler) => _handler = handler;

                public async Task<string> ForecastAsync(string url)
                {
                    using var client = new HttpClient(_handler, disposeHandler: false); // per call
                    return await client.GetStringAsync(url);
                }

                public Task<string> AlertsAsync(string url) => new HttpClient(s_handler, false).GetStringAsync(url);
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic(Descriptors.BG0201SharedHandlerDisposed).WithLocation(0).WithArguments("new HttpClient(_handler, disposeHandler: true)"),
                VerifyCS.Diagnostic(Descriptors.BG0201SharedHandlerDisposed).WithLocation(1).WithArguments("new HttpClient(s_handler, true)"),
            },
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.KeepHandlerKey,
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerFromAConstructorParameter_InALambda_DisposeHandlerTrue_BecomesFalse()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Poller
            {
                private readonly Func<string, Task<string>> _get;

                public Poller(HttpMessageHandler handler)
                {
                    _get = async url =>
                    {
                        using var client = {|BG0201:new HttpClient(handler, disposeHandler: true)|};
                        return await client.GetStringAsync(url);
                    };
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Poller
            {
                private readonly Func<string, Task<string>> _get;

                public Poller(HttpMessageHandler handler)
                {
                    _get = async url =>
                    {
                        using var client = new HttpClient(handler, disposeHandler: false);
                        return await client.GetStringAsync(url);
                    };
                }
            }
            """);
    }

    [Fact]
    public async Task DisposeHandlerFromAVariable_GetsNoDisposeHandlerFix()
    {
        // Whether the caller wants the handler disposed is its decision: the fix does not rewrite a computed value.
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class WeatherService
            {
                private readonly HttpMessageHandler _handler;

                public WeatherService(HttpMessageHandler handler) => _handler = handler;

                public async Task<string> ForecastAsync(string url, bool dispose)
                {
                    using var client = {|#0:new HttpClient(_handler, dispose)|};
                    return await client.GetStringAsync(url);
                }
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201SharedHandlerDisposed).WithLocation(0).WithArguments("new HttpClient(_handler, dispose)") },
        }.RunAsync();
    }

    // ---- Round 2: a client kept in a private instance field, set in the constructor or a method ----

    [Fact]
    public async Task InstanceFieldSetInTheConstructor_GetsTheSharedClient_AndItsDisposeGoes()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class OrdersController : IDisposable
            {
                private readonly HttpClient _client;

                public OrdersController()
                {
                    // One client per controller.
                    _client = [|new HttpClient { Timeout = TimeSpan.FromSeconds(10) }|];
                }

                public Task<string> GetAsync(string url) => _client.GetStringAsync(url);

                public async Task<int> StatusAsync(string url)
                {
                    using var response = await this._client.GetAsync(url);
                    return (int)response.StatusCode;
                }

                public void Dispose()
                {
                    _client.Dispose();
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class OrdersController : IDisposable
            {
                private readonly HttpClient _client;
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(10) };

                public OrdersController()
                {
                    // One client per controller.
                    _client = s_httpClient;
                }

                public Task<string> GetAsync(string url) => _client.GetStringAsync(url);

                public async Task<int> StatusAsync(string url)
                {
                    using var response = await this._client.GetAsync(url);
                    return (int)response.StatusCode;
                }

                public void Dispose()
                {
                }
            }
            """);
    }

    [Fact]
    public async Task InstanceFieldSetInAMethod_NullableWithConditionalDispose_GetsTheSharedClient()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            #nullable enable
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class Session : IDisposable
            {
                private HttpClient? _client;

                public async Task<string> RefreshAsync(string url)
                {
                    _client = [|new HttpClient()|];
                    return await _client.GetStringAsync(url);
                }

                public Task<string>? PeekAsync(string url) => _client?.GetStringAsync(url);

                public void Dispose()
                {
                    // Closing the session.
                    _client?.Dispose();
                    _client = null;
                }
            }
            """,
            """
            #nullable enable
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class Session : IDisposable
            {
                private HttpClient? _client;
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<string> RefreshAsync(string url)
                {
                    _client = s_httpClient;
                    return await _client.GetStringAsync(url);
                }

                public Task<string>? PeekAsync(string url) => _client?.GetStringAsync(url);

                public void Dispose()
                {
                    // Closing the session.
                    _client = null;
                }
            }
            """);
    }

    [Theory]
    [InlineData("_client.DefaultRequestHeaders.Add(\"X-Tenant\", tenant);")]
    [InlineData("_client.Timeout = TimeSpan.FromSeconds(1);")]
    [InlineData("Register(_client);")]
    [InlineData("_client = CreateOther();")]
    [InlineData("_client.CancelPendingRequests();")]
    [InlineData("if (tenant.Length > 0) _client.Dispose();")]
    public async Task InstanceField_UsedForMoreThanRequests_GetsNoSharedClient(string otherUse)
    {
        // Configured per instance, handed elsewhere (which may dispose it), written something else, or disposed
        // where the statement cannot simply go: the shared client would carry the change or be disposed.
        var source = $$"""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class OrdersController
            {
                private HttpClient _client;

                public OrdersController(string tenant)
                {
                    _client = {|#0:new HttpClient()|};
                    {{otherUse}}
                }

                public Task<string> GetAsync(string url) => _client.GetStringAsync(url);

                private static void Register(HttpClient client) { }

                private static HttpClient CreateOther() => null;
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()") },
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey,
        }.RunAsync();
    }

    [Fact]
    public async Task NonPrivateInstanceField_GetsNoSharedClient()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public class OrdersController
            {
                protected HttpClient Client;

                public OrdersController()
                {
                    Client = {|#0:new HttpClient()|};
                }

                public Task<string> GetAsync(string url) => Client.GetStringAsync(url);
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()") },
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey,
        }.RunAsync();
    }

    [Fact]
    public async Task InstanceFieldWrittenInTwoPlaces_FixAllSharesOneClient()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class OrdersController
                {
                    private HttpClient _client;

                    public OrdersController()
                    {
                        _client = [|new HttpClient()|];
                    }

                    public Task<string> ResetAsync(string url)
                    {
                        _client = [|new HttpClient()|];
                        return _client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class OrdersController
                {
                    private HttpClient _client;
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                    public OrdersController()
                    {
                        _client = s_httpClient;
                    }

                    public Task<string> ResetAsync(string url)
                    {
                        _client = s_httpClient;
                        return _client.GetStringAsync(url);
                    }
                }
                """,
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey,
        }.RunAsync();
    }

    // ---- Round 2: a Lazy<HttpClient> created per call ----

    [Fact]
    public async Task LazyCreatedPerCall_HandsOutTheSharedClient()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Session
            {
                public async Task<string> LoadAsync(string url)
                {
                    var lazy = new Lazy<HttpClient>(() => [|new HttpClient()|]); // made on first use
                    if (lazy.IsValueCreated)
                    {
                        return string.Empty;
                    }

                    return await lazy.Value.GetStringAsync(url);
                }

                public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
                {
                    Lazy<HttpClient> lazy = new(() => [|new HttpClient { Timeout = TimeSpan.FromSeconds(3) }|]);
                    return lazy.Value.SendAsync(request);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Session
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly HttpClient s_httpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(3) };

                public async Task<string> LoadAsync(string url)
                {
                    var lazy = new Lazy<HttpClient>(() => s_httpClient); // made on first use
                    if (lazy.IsValueCreated)
                    {
                        return string.Empty;
                    }

                    return await lazy.Value.GetStringAsync(url);
                }

                public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
                {
                    Lazy<HttpClient> lazy = new(() => s_httpClient2);
                    return lazy.Value.SendAsync(request);
                }
            }
            """);
    }

    [Theory]
    [InlineData("lazy.Value.Dispose();")]
    [InlineData("lazy.Value.DefaultRequestHeaders.Add(\"X-Tenant\", url);")]
    [InlineData("Keep(lazy);")]
    [InlineData("var client = lazy.Value;")]
    public async Task LazyUsedForMoreThanRequests_GetsNoSharedClient(string otherUse)
    {
        var source = $$"""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Session
            {
                public async Task<string> LoadAsync(string url)
                {
                    var lazy = new Lazy<HttpClient>(() => {|#0:new HttpClient()|});
                    var text = await lazy.Value.GetStringAsync(url);
                    {{otherUse}}
                    return text;
                }

                private static void Keep(Lazy<HttpClient> lazy) { }
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()") },
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey,
        }.RunAsync();
    }

    // ---- Round 2: a header set per call, one GetStringAsync ----

    [Fact]
    public async Task PerCallHeader_GetStringAsync_BecomesARequestMessageOnTheSharedClient()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public class GitService
            {
                public async Task<string> RepoAsync(string url, string tenant)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Add("X-Tenant", tenant);
                    // The repository's description.
                    return await client.GetStringAsync(url);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class GitService
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<string> RepoAsync(string url, string tenant)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "X-Tenant", tenant } } };
                    using var response = await s_httpClient.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                    // The repository's description.
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """);
    }

    [Fact]
    public async Task PerCallAuthorization_GetByteArrayAsyncWithATokenAndConfigureAwait_KeepsBoth()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            public class Downloads
            {
                public async Task<int> SizeAsync(string url, string token, CancellationToken cancellationToken)
                {
                    var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var bytes = await client.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false);
                    return bytes.Length;
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            public class Downloads
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int> SizeAsync(string url, string token, CancellationToken cancellationToken)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
                    using var response = await s_httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    return bytes.Length;
                }
            }
            """);
    }

    [Theory]
    [InlineData("return client.GetStringAsync(url).Result;")]
    [InlineData("var request = url; return await client.GetStringAsync(request);")]
    [InlineData("var a = await client.GetStringAsync(url); return a + await client.GetStringAsync(url);")]
    [InlineData("return (await client.GetStringAsync(url)).Trim();")]
    [InlineData("if (url.Length > 0) return await client.GetStringAsync(url); return string.Empty;")]
    public async Task PerCallHeader_GetStringAsyncNotAwaitedAsAStatementValue_GetsNoSharedClient(string body)
    {
        // Not awaited, a name the rewrite needs, two requests, the await inside a larger expression, not in a block.
        var source = $$"""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class GitService
            {
                public async Task<string> RepoAsync(string url, string tenant)
                {
                    using var client = {|#0:new HttpClient()|};
                    client.DefaultRequestHeaders.Add("X-Tenant", tenant);
                    {{body}}
                }
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()") },
            CodeActionEquivalenceKey = BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey,
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
    }
}
