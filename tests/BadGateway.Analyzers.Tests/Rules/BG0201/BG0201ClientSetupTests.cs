using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// The scan both BG0201 fixes share (the shared field and the factory's named client): the statements right after
/// <c>var client = new HttpClient();</c> that set the client up, up to the first that does something else.
/// </summary>
public class BG0201ClientSetupTests
{
    private static async Task<List<string>> ScanAsync(string body, string local = "client")
    {
        var source = $$"""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;

            class C
            {
                private const string Key = "k";
                private static readonly Uri s_base = new Uri("https://example.org");

                void M(string token, Uri address, TimeSpan timeout, int n)
                {
            {{body}}
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions);
        var compilation = CSharpCompilation.Create("Scan", new[] { tree }, await AnalyzerHarness.ReferencesAsync(), AnalyzerHarness.CompilationOptions);
        var model = compilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<LocalDeclarationStatementSyntax>()
            .First(d => d.Declaration.Variables.Any(v => v.Identifier.ValueText == local));
        return ClientSetup.Following(declaration, local, model, CancellationToken.None)
            .Select(s => $"{s.Kind} {s.Property ?? s.HeaderName?.ToString()} = {s.Value}")
            .ToList();
    }

    [Fact]
    public async Task EveryKindOfSetup_InOrder_UpToTheFirstOtherStatement()
    {
        var setup = await ScanAsync("""
                    var client = new HttpClient();
                    client.BaseAddress = s_base;
                    client.Timeout = TimeSpan.FromSeconds(30);
                    client.DefaultRequestHeaders.Add(Key, "v");
                    client.DefaultRequestHeaders.Add("X-Token", token);
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    client.BaseAddress = address;
                    Console.WriteLine();
                    client.Timeout = TimeSpan.FromSeconds(5);
            """);

        Assert.Equal(
            new[]
            {
                "ConstantProperty BaseAddress = s_base",
                "ConstantProperty Timeout = TimeSpan.FromSeconds(30)",
                "Header Key = \"v\"",
                "Header \"X-Token\" = token",
                "Authorization  = new AuthenticationHeaderValue(\"Bearer\", token)",
                "PerCallBaseAddress BaseAddress = address",
            },
            setup);
    }

    [Theory]
    [InlineData("client.Timeout = timeout;")]
    [InlineData("client.MaxResponseContentBufferSize = 10;")]
    [InlineData("other.BaseAddress = s_base;")]
    [InlineData("client.DefaultRequestHeaders.Add(Key);")]
    [InlineData("client.DefaultRequestHeaders.Clear();")]
    [InlineData("client.GetStringAsync(\"/\");")]
    [InlineData("if (n > 0) client.BaseAddress = s_base;")]
    [InlineData("{ client.BaseAddress = s_base; }")]
    public async Task AStatementThatIsNotSetup_EndsTheScan(string statement)
    {
        var setup = await ScanAsync($"""
                    var other = new HttpClient();
                    var client = new HttpClient();
                    {statement}
                    client.BaseAddress = s_base;
            """);

        Assert.Empty(setup);
    }

    [Fact]
    public async Task SetupBeforeTheDeclaration_IsNotScanned()
    {
        var setup = await ScanAsync("""
                    var other = new HttpClient();
                    other.BaseAddress = s_base;
                    var client = new HttpClient();
            """);

        Assert.Empty(setup);
    }

    [Fact]
    public async Task AnotherLocalsSetup_IsNotThisClients()
    {
        var setup = await ScanAsync(
            """
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(1);
            """,
            local: "client");
        var none = await ScanAsync(
            """
                    var client = new HttpClient();
                    var other = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(1);
            """,
            local: "other");

        Assert.Equal(new[] { "ConstantProperty Timeout = TimeSpan.FromSeconds(1)" }, setup);
        Assert.Empty(none);
    }

    [Fact]
    public async Task ADeclarationOutsideABlock_HasNoSetup()
    {
        var setup = await ScanAsync("""
                    switch (n)
                    {
                        case 1:
                            var client = new HttpClient();
                            client.Timeout = TimeSpan.FromSeconds(1);
                            break;
                    }
            """);

        Assert.Empty(setup);
    }

    [Theory]
    [InlineData("client.BaseAddress = ;")]
    [InlineData("client.DefaultRequestHeaders.Add(")]
    [InlineData("client.Timeout = TimeSpan.FromSeconds(")]
    [InlineData("client. = s_base;")]
    public async Task HalfTypedSetup_DoesNotThrow(string statement)
    {
        var setup = await ScanAsync($"""
                    var client = new HttpClient();
                    {statement}
            """);

        Assert.True(setup.Count <= 1);
    }
}
