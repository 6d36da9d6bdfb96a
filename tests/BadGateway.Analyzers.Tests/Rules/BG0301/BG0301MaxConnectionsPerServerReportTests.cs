using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0301MaxConnectionsPerServerAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0301's reports where no fix is involved: handlers whose limit is set or left to BG0201, libraries, half-typed code.
/// Reports checked together with their fix are in <see cref="BG0301MaxConnectionsPerServerFixTests"/>.
/// </summary>
public class BG0301MaxConnectionsPerServerReportTests
{
    private static DiagnosticResult TooLow(int location, int value, int minimum) =>
        Verify.Diagnostic(Descriptors.BG0301MaxConnectionsPerServerTooLow).WithLocation(location).WithArguments(value, minimum);

    /// <summary>The entry point an executable needs, in a file of its own so the sources under test stay as they are.</summary>
    private const string EntryPointPath = "/0/EntryPoint.cs";

    private const string EntryPoint = "static class EntryPoint { static void Main() { } }";

    /// <summary>
    /// <paramref name="test"/> compiled as a console application. BG0301 reports unset limits only in executables (a
    /// library leaves them to the app), and the testing SDK compiles a library unless told otherwise: every test of an
    /// unset limit, reported or exempted, runs through here so that it can fail.
    /// </summary>
    private static Verify.Test Executable(Verify.Test test)
    {
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add((EntryPointPath, EntryPoint));
        return test;
    }

    /// <summary><paramref name="test"/> compiled as a class library (the testing SDK's default, said out loud).</summary>
    private static Verify.Test Library(Verify.Test test)
    {
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        return test;
    }

    private static Task VerifyExecutableAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = Executable(new Verify.Test { TestCode = source });
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- Not reported ----

    [Theory]
    [InlineData("new HttpClientHandler { MaxConnectionsPerServer = 10 }")]
    [InlineData("new SocketsHttpHandler { MaxConnectionsPerServer = 3 }")]
    [InlineData("new SocketsHttpHandler { MaxConnectionsPerServer = Settings.Max }")]
    [InlineData("new SocketsHttpHandler { MaxConnectionsPerServer = int.Parse(\"2\") }")]
    public async Task SetInTheInitializer_IsNotReported(string creation)
    {
        var source = $$"""
            using System.Net.Http;

            static class Settings { public static int Max => 40; }

            class Service
            {
                public static readonly HttpClient Client = new HttpClient({{creation}});
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task AssignedLaterToTheSameLocal_IsNotReported()
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                public HttpClient Create(int max)
                {
                    var handler = new HttpClientHandler();
                    handler.UseCookies = false;
                    handler.MaxConnectionsPerServer = max;
                    return new HttpClient(handler);
                }
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task FieldConfiguredInTheConstructor_IsNotReported()
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                private readonly SocketsHttpHandler _handler = new SocketsHttpHandler();
                private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler();

                public Service(int max)
                {
                    _handler.MaxConnectionsPerServer = max;
                }

                static Service()
                {
                    s_handler.MaxConnectionsPerServer = 20;
                }
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task HandlerHandedToAConfigureHelper_IsNotReported()
    {
        const string source = """
            using System.Net.Http;

            static class Http
            {
                public static void Configure(SocketsHttpHandler handler) => handler.MaxConnectionsPerServer = 20;

                public static HttpClient Inline() => new HttpClient(Configured(new SocketsHttpHandler()));

                public static HttpClient ViaLocal()
                {
                    var handler = new SocketsHttpHandler();
                    Configure(handler);
                    return new HttpClient(handler);
                }

                private static SocketsHttpHandler Configured(SocketsHttpHandler handler)
                {
                    Configure(handler);
                    return handler;
                }
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task HandlerReturnedByAFactoryWhoseCallerConfiguresIt_IsNotReported()
    {
        const string source = """
            using System.Net.Http;

            static class Kinds
            {
                public static HttpClientHandler Create()
                {
                    var handler = new HttpClientHandler();
                    handler.UseCookies = false;
                    return handler;
                }

                public static HttpClient Client()
                {
                    var handler = Create();
                    handler.MaxConnectionsPerServer = 30;
                    return new HttpClient(handler);
                }

                public static HttpClientHandler Other() => new HttpClientHandler();

                public static HttpClient OtherClient() => new HttpClient(Tune(Other()));

                private static HttpClientHandler Tune(HttpClientHandler handler)
                {
                    handler.MaxConnectionsPerServer = 30;
                    return handler;
                }
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task HandlerForIHttpClientFactoryWithTheSetting_IsNotReported()
    {
        const string source = """
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            static class Startup
            {
                public static void Configure(IServiceCollection services, int max)
                {
                    services.AddHttpClient("prices")
                        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = max });
                    services.AddHttpClient("stock")
                        .ConfigurePrimaryHttpMessageHandler(() =>
                        {
                            var handler = new SocketsHttpHandler();
                            handler.MaxConnectionsPerServer = 20;
                            return handler;
                        });
                }
            }
            """;

        await Executable(new Verify.Test
        {
            TestCode = source,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory,
        }).RunAsync();
    }

    [Fact]
    public async Task ClientsThatAreNotShared_AreLeftToBG0201()
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                private readonly HttpClient _perInstance = new HttpClient();
                private static readonly HttpClient s_withHandler = new HttpClient(new HttpClientHandler { MaxConnectionsPerServer = 10 });

                public HttpClient PerCall() => new HttpClient();
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Fact]
    public async Task UserTypeWithAPropertyOfTheSameName_IsNotReported()
    {
        const string source = """
            class Pool
            {
                public int MaxConnectionsPerServer { get; set; }
            }

            class Service
            {
                public static readonly Pool Pool = new Pool { MaxConnectionsPerServer = 1 };
                public static Pool Create() => new Pool();
            }
            """;

        await VerifyExecutableAnalyzerAsync(source);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HalfTypedCode_DoesNotThrow(bool executable)
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                public HttpClient Create()
                {
                    var handler = new HttpClientHandler { MaxConnectionsPerServer = };
                    handler.
                    return new HttpClient(handler
                }
                static HttpClient s = new HttpClient(new SocketsHttpHandler { {|#0:MaxConnectionsPerServer = 1|},
            }
            """;

        // Whatever the analyzer reports on broken code is fine; an exception fails the test.
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck,
            ExpectedDiagnostics = { TooLow(0, 1, 3) },
        };
        await (executable ? Executable(test) : Library(test)).RunAsync();
    }

    [Fact]
    public async Task HalfTypedPerCallClient_DoesNotThrow()
    {
        // The per-call question asks BG0201's lifetime of a client that is not finished yet. An exception fails the
        // test; the handler of the client with a broken argument list is not seen as handed to it, and is reported.
        const string source = """
            using System.Net.Http;

            class Service
            {
                public void Send(string url)
                {
                    var handler = [|new SocketsHttpHandler()|];
                    using var client = new HttpClient(handler, ;
                    using var other = new HttpClient(new HttpClientHandler(
                    for (;;) { var h = new HttpClientHandler(); _ = new HttpClient(h) }
                }
            }
            """;

        await Executable(new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck,
        }).RunAsync();
    }

    // ---- Libraries: an unset limit is the app's choice ----

    [Fact]
    public async Task InALibrary_IHttpClientFactoryHandlerWithoutTheSetting_IsNotReported()
    {
        // The registration of a library's typed client: the app that calls AddPrices decides the limit.
        const string source = """
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class PricesRegistration
            {
                public static IHttpClientBuilder AddPrices(this IServiceCollection services) =>
                    services.AddHttpClient("prices").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
            }
            """;

        await Library(new Verify.Test { TestCode = source, ReferenceAssemblies = ReferenceAssemblyPresets.Net80WithHttpClientFactory }).RunAsync();
    }

    // ---- Per-call clients: BG0201's report ----

    [Fact]
    public async Task HandlerOnlyHandedToAPerCallClient_IsLeftToBG0201()
    {
        // BG0201 reports these clients (and the handlers it knows): the pool lives for one request, one problem, one report.
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;

            class PricesController
            {
                private readonly HttpClient _perInstance = new HttpClient(new HttpClientHandler());

                public async Task<string> Inline(string url)
                {
                    using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
                    return await client.GetStringAsync(url);
                }

                public Task<string> ThroughALocal(string url)
                {
                    var handler = new SocketsHttpHandler();
                    using (var client = new HttpClient(handler))
                    {
                        return client.GetStringAsync(url);
                    }
                }

                public Task<string> InPlace(string url) => new HttpClient(new SocketsHttpHandler(), disposeHandler: true).GetStringAsync(url);

                public void Nested(List<string> urls)
                {
                    Func<string, Task<string>> outer = url =>
                    {
                        Func<Task<string>> inner = () => new HttpClient(new HttpClientHandler()).GetStringAsync(url);
                        return inner();
                    };

                    foreach (var url in urls)
                    {
                        Send(url);
                    }

                    void Send(string url)
                    {
                        var handler = new HttpClientHandler();
                        var client = new HttpClient(handler);
                        client.GetAsync(url);
                    }
                }
            }

            static class Program
            {
                static void Main(string[] urls)
                {
                    foreach (var url in urls)
                    {
                        using var client = new HttpClient(new SocketsHttpHandler());
                        client.GetStringAsync(url).Wait();
                    }
                }
            }
            """;

        var test = new Verify.Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }
}
