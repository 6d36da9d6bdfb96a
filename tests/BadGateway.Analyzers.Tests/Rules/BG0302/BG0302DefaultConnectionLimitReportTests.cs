using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0302DefaultConnectionLimitAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0302's reports where no fix is involved: limits that are fine, hosts that decide for themselves, app.config and
/// web.config. Reports checked together with their fix are in <see cref="BG0302DefaultConnectionLimitFixTests"/>.
/// </summary>
public class BG0302DefaultConnectionLimitReportTests
{
    private const string NoFixAdvice = "set it (for example to 50) once at startup, before the first request";

    private static DiagnosticResult NotSet(int location, string expression, string advice) =>
        Verify.Diagnostic(Descriptors.BG0302DefaultConnectionLimitNotSet).WithLocation(location).WithArguments(expression, advice);

    private static Verify.Test Net48(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, ReferenceAssemblies = ReferenceAssemblyPresets.Net48 };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    // ---- A limit on .NET Framework ----

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

    [Fact]
    public async Task NeverSetInAnApp_ADerivedClientIsARequest_AStructOrAnOtherClassIsNot()
    {
        // The first request in the file is the creation of a class deriving from WebClient; the creations before it (a
        // struct, a class of the app's own, a framework class) are not requests.
        var test = Net48(
            """
            using System.Net;
            using System.Text;

            public struct Money { public Money(int cents) { Cents = cents; } public int Cents { get; } }

            public class Ledger { }

            public class ApiClient : WebClient { }

            public static class Program
            {
                public static void {|#1:Main|}()
                {
                    var money = new Money(1);
                    var ledger = new Ledger();
                    var text = new StringBuilder();
                    var data = {|#0:new ApiClient()|}.DownloadData("https://example.org");
                }
            }
            """,
            NotSet(0, "new ApiClient()", "set it to 50 first thing in 'Main'").WithLocation(1));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
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
            Verify.Diagnostic(Descriptors.BG0302ConfigConnectionLimitTooLow)
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
                public static async System.Threading.Tasks.Task {|#1:Main|}() => await new Api().Create().GetStringAsync("https://example.org");
            }
            """,
            NotSet(0, "new HttpClient()", "set it to 50 first thing in 'Main'").WithLocation(1));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/0/app.config", """
            <configuration><system.net><connectionManagement><add address="api.example" maxconnection="100" /></connectionManagement></system.net></configuration>
            """));
        test.TestState.AdditionalFiles.Add(("/1/web.config", "<configuration><system.net><connectionMan"));
        await test.RunAsync();
    }

    // ---- .NET Core / .NET 5+ ----

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

        await Verify.VerifyAnalyzerAsync(source);
    }
}
