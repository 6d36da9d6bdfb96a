using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0302DefaultConnectionLimitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0302DefaultConnectionLimitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0302, issue #15: "set it first thing in Main" for every shape of entry point of a .NET Framework executable:
/// <c>static async Task Main</c>, expression-bodied Main (void, int, async Task) and top-level statements that await.
/// The report shapes without a fix (app.config/web.config, a named constant, a library without a chosen limit, an
/// assignment that cannot go alone on .NET) are listed with their reason on docs/rules/BG0302.md.
/// </summary>
public class BG0302CoverageFixTests
{
    private static VerifyCS.Test Program(string source, string fixedSource, string entryPoint)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,

            // The "never set" report comes at the end of the compilation (see BG0302DefaultConnectionLimitFixTests).
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitNotSet)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("new HttpClient()", $"set it to 50 first thing in '{entryPoint}'"));
        return test;
    }

    [Fact]
    public async Task StaticAsyncTaskMain_GetsTheAssignmentFirst()
    {
        await Program(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static async Task {|#1:Main|}(string[] args)
                {
                    using var client = {|#0:new HttpClient()|};
                    await client.GetStringAsync("https://example.org");
                }
            }
            """,
            """
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static async Task Main(string[] args)
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                    using var client = new HttpClient();
                    await client.GetStringAsync("https://example.org");
                }
            }
            """,
            "Main").RunAsync();
    }

    [Fact]
    public async Task ExpressionBodiedAsyncTaskMain_GetsABlockBody()
    {
        // Was reported with no fix ("set it once at startup"): the entry point had no block to insert into.
        await Program(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static async Task {|#1:Main|}() => await {|#0:new HttpClient()|}.GetStringAsync("https://example.org"); // fetch
            }
            """,
            """
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static async Task Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                    await new HttpClient().GetStringAsync("https://example.org"); // fetch
                }
            }
            """,
            "Main").RunAsync();
    }

    [Fact]
    public async Task ExpressionBodiedMainReturningAValue_ReturnsIt()
    {
        await Program(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static Task<int> {|#1:Main|}() => Run();

                static async Task<int> Run()
                {
                    await {|#0:new HttpClient()|}.GetStringAsync("https://example.org");
                    return 0;
                }
            }
            """,
            """
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                static Task<int> Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                    return Run();
                }

                static async Task<int> Run()
                {
                    await new HttpClient().GetStringAsync("https://example.org");
                    return 0;
                }
            }
            """,
            "Main").RunAsync();
    }

    [Fact]
    public async Task ExpressionBodiedVoidMain_CallsTheExpression()
    {
        await Program(
            """
            using System.Net.Http;

            static class Program
            {
                static void {|#1:Main|}() => Run();

                static void Run() => {|#0:new HttpClient()|}.Dispose();
            }
            """,
            """
            using System.Net;
            using System.Net.Http;

            static class Program
            {
                static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 50;
                    Run();
                }

                static void Run() => new HttpClient().Dispose();
            }
            """,
            "Main").RunAsync();
    }

    [Fact]
    public async Task TopLevelStatementsThatAwait_GetTheAssignmentFirst()
    {
        await Program(
            """
            using System.Net.Http;

            // Entry point.
            {|#1:using var client = {|#0:new HttpClient()|};|}
            await client.GetStringAsync("https://example.org");
            """,
            """
            using System.Net;
            using System.Net.Http;

            // Entry point.
            ServicePointManager.DefaultConnectionLimit = 50;
            using var client = new HttpClient();
            await client.GetStringAsync("https://example.org");
            """,
            "the top-level statements").RunAsync();
    }
}
