using System.Threading.Tasks;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

public class BG0201HttpClientPerCallTests
{
    private const string Usings = """
        using System;
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

                public Controller() { _fromConstructor = [|new HttpClient({|#0:new HttpClientHandler()|})|]; }

                public HttpClient Accessor => [|new HttpClient()|];

                public void Method()
                {
                    Func<HttpClient> lambda = () => [|new HttpClient()|];
                    HttpClient Local() => [|new HttpClient()|];
                    HttpClient targetTyped = [|new()|];
                }
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201HandlerPerCall).WithLocation(0).WithArguments("new HttpClientHandler()"));
    }

    [Fact]
    public async Task HandlerCreatedPerCallAndHandedToAClient_IsReported_ButNotForAClientCreatedOnce()
    {
        await Verify(
            """
            class Service
            {
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10 });

                public Task<string> GetAsync(string url)
                {
                    var handler = {|#0:new SocketsHttpHandler()|};
                    using var client = {|#1:new HttpClient(handler)|};
                    return client.GetStringAsync(url);
                }
            }
            """,
            VerifyCS.Diagnostic(Descriptors.BG0201HandlerPerCall).WithLocation(0).WithArguments("new SocketsHttpHandler()"),
            VerifyCS.Diagnostic(Descriptors.BG0201HttpClientPerCall).WithLocation(1).WithArguments("new HttpClient(handler)"));
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
