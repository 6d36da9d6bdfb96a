using System.Threading.Tasks;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

public class BG0201HttpClientPerCallTests
{
    [Fact]
    public async Task NewHttpClientInMethod_IsReported_WithItsExpressionInTheMessage()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Service
            {
                public async Task<string> GetAsync(string url)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(DiagnosticIds.HttpClientPerCall).WithLocation(0).WithArguments("new HttpClient()"));
    }

    [Fact]
    public async Task StaticFieldInitializer_IsNotReported()
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                private static readonly HttpClient s_client = new HttpClient();
                static Service() { Other = new HttpClient(); }
                private static HttpClient Other;
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task OnNetFramework48_IsReported()
    {
        const string source = """
            using System.Net.Http;

            class Service
            {
                public void Call()
                {
                    var client = [|new HttpClient()|];
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, ReferenceAssemblyPresets.Net48);
    }

    [Fact]
    public void Analyzer_SupportsOnlyItsOwnRule()
    {
        var analyzer = new BG0201HttpClientPerCallAnalyzer();
        var descriptor = Assert.Single(analyzer.SupportedDiagnostics);
        Assert.Equal("BG0201", descriptor.Id);
    }
}
