using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0302DefaultConnectionLimitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0302DefaultConnectionLimitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0302's fix: what it writes, Fix All, the options it reads, and where it is not offered. Each test also checks the
/// reports on its code; what is not reported, and app.config/web.config, are in <see cref="BG0302DefaultConnectionLimitReportTests"/>.
/// </summary>
public class BG0302DefaultConnectionLimitFixTests
{
    private static DiagnosticResult TooLow(int location, int value, int minimum) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitTooLow).WithLocation(location).WithArguments(value, minimum);

    private static DiagnosticResult NotSet(int location, string expression, string advice) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitNotSet).WithLocation(location).WithArguments(expression, advice);

    private static VerifyCS.Test Net48(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,

            // The "never set" report comes at the end of the compilation: builds and dotnet format fix it,
            // the IDE shows it with full-solution analysis.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
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

        // A library: the fix writes a number only when the project chose it in .editorconfig.
        await Net48(source, fixedSource, TooLow(0, value, 10)).WithEditorConfig("bg0302.connection_limit = 50").RunAsync();
    }

    [Fact]
    public async Task LowConstant_InALibraryWithoutAChosenLimit_IsRemoved_TheAppChoosesTheLimit()
    {
        // Issue #14: no fix writes a made-up number into library code everyone uses; issue #15: the too-low one can go.
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    // Tuned for the old proxy.
                    {|#0:ServicePointManager.DefaultConnectionLimit = 2|}; // see ticket 12
                    System.Console.WriteLine("configured");
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    // Tuned for the old proxy.
                    // see ticket 12
                    System.Console.WriteLine("configured");
                }
            }
            """;

        await Net48(source, fixedSource, TooLow(0, 2, 10)).RunAsync();
        await Net48(source, fixedSource, TooLow(0, 2, 10)).WithEditorConfig("bg0302.min_connection_limit = 10").RunAsync();
    }

    [Fact]
    public async Task LowConstant_InAnApp_IsRaisedToTheDefault()
    {
        const string source = """
            using System.Net;

            static class Program
            {
                public static void Main()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = 2|};
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Program
            {
                public static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                }
            }
            """;

        var test = Net48(source, fixedSource, TooLow(0, 2, 10));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task LowNamedConstant_UsedElsewhereToo_IsReported_WithoutAFix()
    {
        // Issue #15: a constant used only by connection limits is set where it is declared (BG0302MoreShapesFixTests);
        // this one also sizes a buffer, and in a library no number is written unless one is chosen.
        const string source = """
            using System.Net;

            static class Startup
            {
                private const int Limit = 2;

                public static void Configure()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = Limit|};
                    System.Console.WriteLine(new byte[Limit].Length);
                }
            }
            """;

        await Net48(source, source, TooLow(0, 2, 10)).WithEditorConfig("bg0302.connection_limit = 50").RunAsync();
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
                public static void Main() { }
                public static void A() => {|#0:ServicePointManager.DefaultConnectionLimit = 9|};
                public static void B() => ServicePointManager.DefaultConnectionLimit = 10;
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Main() { }
                public static void A() => ServicePointManager.DefaultConnectionLimit = 50;
                public static void B() => ServicePointManager.DefaultConnectionLimit = 10;
            }
            """;

        // An app (a library gets no fix without a valid bg0302.connection_limit).
        var test = Net48(source, fixedSource, TooLow(0, 9, 10))
            .WithEditorConfig($"bg0302.min_connection_limit = {bad}", $"bg0302.connection_limit = {bad}");
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
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

    private static DiagnosticResult NoEffect(int location, string value) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitHasNoEffect).WithLocation(location).WithArguments(value);

    [Fact]
    public async Task OnNet8_AssignmentHasNoEffect_IsRemoved()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = 100|};
                    System.Console.WriteLine("configured");
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                    System.Console.WriteLine("configured");
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ExpectedDiagnostics = { NoEffect(0, "100") },
            CodeActionEquivalenceKey = BG0302DefaultConnectionLimitCodeFixProvider.RemoveEquivalenceKey,
        }.RunAsync();
    }

    [Fact]
    public async Task OnNet8_AssignmentWithCommentsAndALocal_IsRemoved_CommentsStay()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void Configure(int limit)
                {
                    // More connections for the catalogue API.
                    {|#0:ServicePointManager.DefaultConnectionLimit = limit|}; // was 2
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Configure(int limit)
                {
                    // More connections for the catalogue API.
                    // was 2
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ExpectedDiagnostics = { NoEffect(0, "limit") },
        }.RunAsync();
    }

    [Fact]
    public async Task OnNet8_TopLevelStatement_IsRemoved()
    {
        const string source = """
            using System.Net;

            {|#0:ServicePointManager.DefaultConnectionLimit = 50|};
            System.Console.WriteLine("started");
            """;
        const string fixedSource = """
            using System.Net;

            System.Console.WriteLine("started");
            """;

        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ExpectedDiagnostics = { NoEffect(0, "50") },
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task OnNet8_FixAll_RemovesEveryAssignment()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void A()
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = 10|};
                }

                public static void B()
                {
                    {|#1:ServicePointManager.DefaultConnectionLimit = 20|};
                    System.Console.WriteLine("B");
                }
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void A()
                {
                }

                public static void B()
                {
                    System.Console.WriteLine("B");
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ExpectedDiagnostics = { NoEffect(0, "10"), NoEffect(1, "20") },
        }.RunAsync();
    }

    [Fact]
    public async Task OnNet8_ProjectCreatesItsClients_TheTitlePointsToThem()
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
        const string clients = """
            using System.Net.Http;

            static class Clients
            {
                public static readonly HttpClient Shared = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 20 });
            }
            """;
        const string fixedSource = """
            using System.Net;

            static class Startup
            {
                public static void Configure()
                {
                }
            }
            """;

        var test = new VerifyCS.Test
        {
            ExpectedDiagnostics = { NoEffect(0, "100") },
            CodeActionValidationMode = CodeActionValidationMode.None,
        };
        test.TestState.Sources.Add(("/0/Startup.cs", source));
        test.TestState.Sources.Add(("/0/Clients.cs", clients));
        test.FixedState.Sources.Add(("/0/Startup.cs", fixedSource));
        test.FixedState.Sources.Add(("/0/Clients.cs", clients));
        test.CodeActionVerifier = (action, verifier) =>
            verifier.Equal("Remove the assignment (it has no effect on .NET Core; set MaxConnectionsPerServer on the handler of the clients created in Clients.cs)", action.Title);
        await test.RunAsync();
    }

    [Theory]
    [InlineData("int _ = 0; ServicePointManager.DefaultConnectionLimit = Settings.Limit", "Settings.Limit")]
    [InlineData("System.Action a = () => ServicePointManager.DefaultConnectionLimit = Settings.Limit", "Settings.Limit")]
    public async Task OnNet8_AssignmentThatCannotGoAlone_IsReportedWithoutAFix(string statement, string value)
    {
        // Issue #15 gave the call, the value used and the if body a fix (BG0302MoreShapesFixTests); left: a source
        // property read where '_' is a local ('_ =' would write it), and as a lambda's body (it is not a statement).
        var source = $$"""
            using System.Net;

            static class Settings
            {
                public static int Limit => 100;
            }

            static class Startup
            {
                public static void Configure(bool enabled)
                {
                    {{statement.Replace("ServicePointManager.DefaultConnectionLimit = " + value, "{|#0:ServicePointManager.DefaultConnectionLimit = " + value + "|}")}};
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = source,
            ExpectedDiagnostics = { NoEffect(0, value) },
        }.RunAsync();
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

        await Net48(source, fixedSource, TooLow(0, 2, 10), TooLow(1, 4, 10)).WithEditorConfig("bg0302.connection_limit = 50").RunAsync();
    }

    [Fact]
    public async Task NeverSet_MainWithAnEmptyOneLineBody_GetsTheStatementOnItsOwnLine()
    {
        const string source = """
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient Client = {|#0:new HttpClient()|};

                public static void {|#1:Main|}() { }
            }
            """;
        const string fixedSource = """
            using System.Net;
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                public static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                }
            }
            """;

        var test = Net48(source, fixedSource, NotSet(0, "new HttpClient()", "set it to 50 first thing in 'Main'").WithLocation(1));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }
}
