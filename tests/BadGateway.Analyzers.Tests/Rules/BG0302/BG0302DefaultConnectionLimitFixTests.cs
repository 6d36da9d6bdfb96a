using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0302DefaultConnectionLimitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0302DefaultConnectionLimitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

public class BG0302DefaultConnectionLimitFixTests
{
    private const string NoFixAdvice = "set it (for example to 50) once at startup, before the first request";

    private static DiagnosticResult TooLow(int location, int value, int minimum) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitTooLow).WithLocation(location).WithArguments(value, minimum);

    private static DiagnosticResult NotSet(int location, string expression, string advice) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitNotSet).WithLocation(location).WithArguments(expression, advice);

    private static VerifyCS.Test Net48(string source, string? fixedSource = null, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,

            // The "never set" report comes at the end of the compilation: builds and dotnet format fix it,
            // the IDE shows it with full-solution analysis.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    // ---- A low constant on .NET Framework ----

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public async Task LowConstant_IsReported_AndFixRaisesIt(int value)
    {
        var source = $$"""
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = {{value}}|}; // was tuned in 2014
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    ServicePointManager.DefaultConnectionLimit = 50; // was tuned in 2014
                }
            }
            """;

        await Net48(source, fixedSource, TooLow(0, value, 10)).RunAsync();
    }

    [Fact]
    public async Task LowNamedConstant_IsReported_WithoutAFix()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                private const int Limit = 2;

                public static void Configure()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = Limit|};
                }
            }
            """;

        await Net48(source, source, TooLow(0, 2, 10)).RunAsync();
    }

    [Theory]
    [InlineData("ServicePointManager.DefaultConnectionLimit = 10;")]
    [InlineData("ServicePointManager.DefaultConnectionLimit = 200;")]
    [InlineData("ServicePointManager.DefaultConnectionLimit = Environment.ProcessorCount * 12;")]
    [InlineData("ServicePointManager.DefaultConnectionLimit = int.MaxValue;")]
    public async Task LimitAtOrAboveTheMinimumOrComputed_IsNotReported(string statement)
    {
        var source = $$"""
            using System;
            using System.Net;
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                public static void Main()
                {
                    {{statement}}
                }
            }
            """;

        await Net48(source).RunAsync();
    }

    // ---- Never set on .NET Framework ----

    [Fact]
    public async Task NeverSetInAProgramWithMain_IsReportedAtTheFirstRequest_AndFixSetsItFirstInMain()
    {
        const string source = """
            using System;
            using System.Net.Http;

            static class Program
            {
                public static void {|#1:Main|}()
                {
                    // Start the app.
                    Console.WriteLine(Fetch());
                }

                private static string Fetch()
                {
                    using (var client = {|#0:new HttpClient()|})
                    {
                        return client.GetStringAsync("https://example.org").Result;
                    }
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net;
            using System.Net.Http;

            static class Program
            {
                public static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                    // Start the app.
                    Console.WriteLine(Fetch());
                }

                private static string Fetch()
                {
                    using (var client = new HttpClient())
                    {
                        return client.GetStringAsync("https://example.org").Result;
                    }
                }
            }
            """;

        var test = Net48(source, fixedSource, NotSet(0, "new HttpClient()", "set it to 50 first thing in 'Main'").WithLocation(1));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task NeverSetInTopLevelStatements_FixInsertsTheFirstStatement_WithTheConfiguredLimit()
    {
        const string source = """
            using System.Net;

            {|#1:var request = {|#0:WebRequest.Create("https://example.org")|};|}
            request.GetResponse();
            """;
        const string fixedSource = """
            using System.Net;

            ServicePointManager.DefaultConnectionLimit = 64;
            var request = WebRequest.Create("https://example.org");
            request.GetResponse();
            """;

        var test = Net48(source, fixedSource, NotSet(0, "WebRequest.Create(\"https://example.org\")", "set it to 64 first thing in 'the top-level statements'").WithLocation(1))
            .WithEditorConfig("bg0302.connection_limit = 64");
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task NeverSetInALibrary_IsNotReported_TheLimitIsTheHostAppsChoice()
    {
        // Real code: Exceptionless, NBitcoin and elastic-transport-net target net462/net472 as libraries; the process that
        // loads them sets the limit (and elastic sets ServicePoint.ConnectionLimit per request itself).
        var test = Net48("""
            using System.Net;

            public class Downloads
            {
                public byte[] Get(string url) => new WebClient().DownloadData(url);
            }
            """);
        test.TestState.Sources.Add(("/0/A.cs", """
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => new HttpClient(new HttpClientHandler());
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task NeverSetInAnExecutable_IsReportedAtTheFirstRequestInPathOrder()
    {
        var test = Net48(
            """
            using System.Net;

            public class Downloads
            {
                public byte[] Get(string url) => new WebClient().DownloadData(url);
            }
            """,
            """
            using System.Net;

            public class Downloads
            {
                public byte[] Get(string url) => new WebClient().DownloadData(url);
            }
            """,
            NotSet(0, "new HttpClient(new HttpClientHandler())", "set it to 50 first thing in 'Main'").WithLocation(1));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/0/A.cs", """
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => {|#0:new HttpClient(new HttpClientHandler())|};
            }

            public static class Program
            {
                public static void {|#1:Main|}()
                {
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/A.cs", """
            using System.Net;
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => new HttpClient(new HttpClientHandler());
            }

            public static class Program
            {
                public static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task NeverSetInAnAspNetApplication_IsNotReported()
    {
        var test = Net48("""
            using System.Net.Http;

            public class PricesController
            {
                private static readonly HttpClient Client = new HttpClient();
            }
            """);
        test.ReferenceAssemblies = ReferenceAssemblyPresets.Net48WithSystemWeb;
        await test.RunAsync();
    }

    [Fact]
    public async Task NoRequestsAtAll_IsNotReported()
    {
        await Net48("""
            public static class Program
            {
                public static void Main() { }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task SetAnywhereInTheCompilation_IsNotReported()
    {
        var test = Net48("""
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => new HttpClient();
            }
            """);
        test.TestState.Sources.Add(("/0/Startup.cs", """
            using System.Net;

            public static class Startup
            {
                public static void Configure(int limit) => ServicePointManager.DefaultConnectionLimit = limit;
            }
            """));
        await test.RunAsync();
    }

    // ---- app.config / web.config ----

    [Fact]
    public async Task AppConfigSettingTheLimit_IsEnough()
    {
        var test = Net48("""
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => new HttpClient();
            }
            """);
        test.TestState.AdditionalFiles.Add(("/0/app.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <system.net>
                <connectionManagement>
                  <add address="*" maxconnection="48" />
                </connectionManagement>
              </system.net>
            </configuration>
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task WebConfigWithALowLimit_IsReportedOnTheConfigFile()
    {
        var test = Net48("""
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => new HttpClient();
            }
            """);
        test.TestState.AdditionalFiles.Add(("/0/Web.config", """
            <configuration>
              <system.net>
                <connectionManagement>
                  <add address="*" maxconnection="2" />
                </connectionManagement>
              </system.net>
            </configuration>
            """));
        test.ExpectedDiagnostics.Add(
            VerifyCS.Diagnostic(Descriptors.BG0302ConfigConnectionLimitTooLow)
                .WithSpan("/0/Web.config", 4, 24, 4, 37)
                .WithArguments("Web.config", 2, 10));
        await test.RunAsync();
    }

    [Fact]
    public async Task ConfigForOneAddressOnly_DoesNotCount_AndBrokenXmlDoesNotThrow()
    {
        var test = Net48(
            """
            using System.Net.Http;

            public class Api
            {
                public HttpClient Create() => {|#0:new HttpClient()|};
            }

            public static class Program
            {
                public static async System.Threading.Tasks.Task Main() => await new Api().Create().GetStringAsync("https://example.org");
            }
            """,
            expected: NotSet(0, "new HttpClient()", NoFixAdvice));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/0/app.config", """
            <configuration><system.net><connectionManagement><add address="api.example" maxconnection="100" /></connectionManagement></system.net></configuration>
            """));
        test.TestState.AdditionalFiles.Add(("/1/web.config", "<configuration><system.net><connectionMan"));
        await test.RunAsync();
    }

    // ---- Options ----

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    public async Task Options_BadMinimumFallsBackToTen(string bad)
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void A() => {|#0:ServicePointManager.DefaultConnectionLimit = 9|};
                public static void B() => ServicePointManager.DefaultConnectionLimit = 10;
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void A() => ServicePointManager.DefaultConnectionLimit = 50;
                public static void B() => ServicePointManager.DefaultConnectionLimit = 10;
            }
            """;

        await Net48(source, fixedSource, TooLow(0, 9, 10))
            .WithEditorConfig($"bg0302.min_connection_limit = {bad}", $"bg0302.connection_limit = {bad}")
            .RunAsync();
    }

    [Fact]
    public async Task Options_MinimumAndLimitAreConfigurable()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void A() => {|#0:ServicePointManager.DefaultConnectionLimit = 20|};
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void A() => ServicePointManager.DefaultConnectionLimit = 96;
            }
            """;

        await Net48(source, fixedSource, TooLow(0, 20, 24))
            .WithEditorConfig("bg0302.min_connection_limit = 24", "bg0302.connection_limit = 96")
            .RunAsync();
    }

    // ---- .NET Core / .NET 5+ ----

    [Fact]
    public async Task OnNet8_AnyAssignmentHasNoEffect_IsReportedWithoutAFix()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = 100|};
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitHasNoEffect).WithLocation(0).WithArguments("100") },
        }.RunAsync();
    }

    [Fact]
    public async Task OnNet8_ReadingTheLimitOrNeverSettingIt_IsNotReported()
    {
        const string source = """
            using System.Net;
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                public static int Main() => ServicePointManager.DefaultConnectionLimit;
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task FixAll_RaisesEveryLowConstant()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void A() => {|#0:ServicePointManager.DefaultConnectionLimit = 2|};
                public static void B() => {|#1:ServicePointManager.DefaultConnectionLimit = 4|};
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void A() => ServicePointManager.DefaultConnectionLimit = 50;
                public static void B() => ServicePointManager.DefaultConnectionLimit = 50;
            }
            """;

        await Net48(source, fixedSource, TooLow(0, 2, 10), TooLow(1, 4, 10)).RunAsync();
    }
}
