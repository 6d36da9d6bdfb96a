using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Fuzz;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>
/// Each failure the fuzz command found on the real-world corpus, minimised (tests/Fuzz, docs/robustness.md), run through
/// the same engine: every analyzer, every fix's actions on every report, the first applied, Fix All of each rule; no
/// exception anywhere, swallowed or not, and every fix output parsed again from its text with no new syntax error.
/// </summary>
public class FuzzFindingTests
{
    /// <summary>N_m3u8DL-RE: Roslyn's simplifier threw a NullReferenceException in "Make async"'s clean-up.</summary>
    [Fact]
    public async Task MakeAsync_SimplifierThrowsOnTheHalfTypedCode_NothingThrows()
    {
        const string Input = """
            using N_m3u8DL_RE.Common.Util    public override EncryptInfo Process            }
                        else if HTTPUtil.GetBytesAsync().Result
            """;
        const string Library = """
            namespace N_m3u8DL_RE.Common.Util
            {
                public static class HTTPUtil
                {
                    public static System.Threading.Tasks.Task<byte[]> GetBytesAsync() => System.Threading.Tasks.Task.FromResult(new byte[0]);
                }
            }
            """;

        var outcome = await RunAsync(Input, await WithLibraryAsync(Library));

        Assert.Contains("BG0101", outcome.Diagnostics);
        Assert.True(outcome.ActionsApplied > 0, "The fix was not reached.");
        Assert.Empty(outcome.Failures);
    }

    /// <summary>AspNetCoreDiagnosticScenarios: BG0201's "Use IHttpClientFactory" met a constructor with no body (a method without its return type).</summary>
    [Fact]
    public async Task UseFactory_ConstructorStillBeingTyped_NothingThrows()
    {
        const string Input = """
            using System.Net.Http    public class HttpClientController     {
                    Route("/httpclient-1")async Task(        {
                        var client = new HttpClient
            """;

        var outcome = await RunAsync(Input, await SourceSet.EmptyAsync(await ReferenceAssemblyPresets.Net80WithHttpClientFactory.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)));

        Assert.Contains("BG0201", outcome.Diagnostics);
        Assert.Empty(outcome.Failures);
    }

    /// <summary>
    /// Fixes whose tree was fine but whose text, parsed again, was not: an <c>async</c> added to a method after a
    /// half-typed member, an <c>await</c> in a half-typed lambda or after a broken using directive, a shared client's field
    /// in a lambda still being typed. No new syntax error.
    /// </summary>
    [Theory]
    [InlineData("AspNetCoreDiagnosticScenarios LegacyService.cs, BG0101 Make async (CS1002)", """
        using System.Threading.Tasks    public class LegacyService
            {
        DoOperationBlocking3)
                {
                Task string DoOperationBlocking5(        {
        DoAsyncOperation().Result        public Task<> DoAsyncOperation(
        """)]
    [InlineData("AspNetCoreDiagnosticScenarios HttpClientController.cs, BG0201 (CS1513)", """
        using System.Net.Http    public class HttpClientController     {
        async (        {
                    using (var client = new HttpClient()).
        """)]
    [InlineData("own corpus, BG0102 after a broken using (CS1041)", """
        using System.Threading;
        using ?.Threading.Tasks;
                    await             Thread.Sleep(50
        """)]
    [InlineData("own corpus, BG0101 Make async in a half-typed member (CS4003)", """
        using System.Threading.Tasks    public interface IStockStore
            {
                Task<> LoadAsync(    internal class StockService0029
            {
        IStockStore _store        public void Warm0(        {
                    Task
                        _store.LoadAsync().Wait(
        """)]
    [InlineData("own corpus RealCodeShapes.cs cut short, BG0201 shared client inside a half-typed lambda (CS1525)", """
        using System;
        using System.Net.Http    internal class LambdaShapes
            {
        Func<Task<>> _fetch = =>
                {
        var client = new HttpClient            return
        """)]
    public async Task Fix_OutputParsedAgain_HasNoNewSyntaxError(string found, string input)
    {
        var outcome = await RunAsync(input, await SourceSet.EmptyAsync());

        Assert.NotEmpty(outcome.Diagnostics);
        Assert.True(outcome.Failures.IsEmpty, $"{found}: {string.Join("\n", outcome.Failures.Select(f => f.Key + " " + f.Detail))}");
    }

    private static Task<InputOutcome> RunAsync(string input, SourceSet set) =>
        new FuzzEngine(TimeSpan.FromMinutes(2)).RunAsync(set, "Input.cs", input);

    /// <summary>The .NET 8 references and a compiled library: the project code the input calls.</summary>
    private static async Task<SourceSet> WithLibraryAsync(string library)
    {
        var net80 = await ReferenceAssemblyPresets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compiled = CSharpCompilation.Create("Library", new[] { CSharpSyntaxTree.ParseText(library) }, net80, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return await SourceSet.EmptyAsync(net80.Add(compiled.ToMetadataReference()));
    }
}
