using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// A fix is written into a file every target framework compiles: it is offered only in a form that compiles in each
/// (real code: NBitcoin's FlushAsync(ct) and CancelAsync() on netstandard2.0/net472, elastic's DisposeAsync on
/// netstandard2.0, Flurl's MaxConnectionsPerServer on net461).
/// </summary>
public class EveryTargetFrameworkTests
{
    private static readonly MultiTargetProject.Target Net80 = MultiTargetProject.Net80;
    private static readonly MultiTargetProject.Target NetStandard20 = MultiTargetProject.NetStandard20;

    private const string FlushWithTokenInScope = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Log
        {
            public async Task WriteAsync(TextWriter writer, string line, CancellationToken cancellationToken)
            {
                await writer.WriteLineAsync(line);
                writer.Flush();
            }
        }
        """;

    [Fact]
    public async Task BG0102_OneTarget_PassesTheToken()
    {
        // The control: on .NET 8 alone TextWriter.FlushAsync(CancellationToken) exists and the token in scope is passed.
        var project = await MultiTargetProject.CreateAsync(FlushWithTokenInScope, OutputKind.DynamicallyLinkedLibrary, Net80);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        var (_, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Contains("await writer.FlushAsync(cancellationToken);", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task BG0102_SiblingOverloadMissingOnAnotherTarget_UsesTheFormEveryTargetHas()
    {
        // netstandard2.0 has TextWriter.FlushAsync() only: the fix leaves the token out, and compiles on both.
        var project = await MultiTargetProject.CreateAsync(FlushWithTokenInScope, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        var (_, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Contains("await writer.FlushAsync();", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0102_SiblingMissingOnAnotherTarget_NoFix()
    {
        // Stream.DisposeAsync does not exist on netstandard2.0: no form compiles on both, so nothing is offered.
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            public class Copier
            {
                public async Task CopyAsync(Stream source, Stream destination)
                {
                    await source.CopyToAsync(destination);
                    source.Dispose();
                }
            }
            """;
        var single = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80);
        Assert.Single(await single.FixesAsync(Assert.Single(await single.DiagnosticsAsync("BG0102"))));

        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        Assert.Empty(await project.FixesAsync(diagnostic));
    }

    [Fact]
    public async Task BG0102_FixAllOverEveryTarget_FixesEachCallOnce_InAFormEveryTargetCompiles()
    {
        // dotnet format: the diagnostics of both target frameworks in one Fix All. Each call is fixed once, the copies
        // agree (no merge-conflict markers), the Dispose that netstandard2.0 cannot await stays, and both targets compile.
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Store
            {
                public async Task<string> LoadAsync(string path, Stream extra, TextWriter writer, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    using var reader = new StreamReader(path);
                    var text = reader.ReadToEnd();
                    writer.Flush();
                    extra.Dispose();
                    return text;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var text = await project.FixAllAsync("BG0102", BG0102SyncCallInAsyncCodeCodeFixProvider.EquivalenceKey);

        Assert.Contains("var text = await reader.ReadToEndAsync();", text, System.StringComparison.Ordinal);
        Assert.Equal(1, text.Split("ReadToEndAsync").Length - 1);
        Assert.Contains("await writer.FlushAsync();", text, System.StringComparison.Ordinal);
        Assert.Contains("extra.Dispose();", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0101_UseAwait_ValidOnEveryTarget_IsOffered()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Prices
            {
                public async Task<int> TotalAsync(Task<int> first)
                {
                    await Task.Yield();
                    return first.Result + 1;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var (title, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Equal("Use await", title);
        Assert.Contains("return await first + 1;", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    private const string ClientPerCallApp = """
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                System.Net.ServicePointManager.DefaultConnectionLimit = 50;
                await PrintAsync(args[0]);
            }

            private static async Task PrintAsync(string url)
            {
                using var client = new HttpClient();
                System.Console.WriteLine(await client.GetStringAsync(url));
            }
        }
        """;

    [Fact]
    public async Task BG0201_SharedClient_OnNet80Alone_UsesSocketsHttpHandler_AndOnNet472Too_APlainClient()
    {
        var single = await MultiTargetProject.CreateAsync(ClientPerCallApp, OutputKind.ConsoleApplication, Net80);
        var singleFixes = await single.FixesAsync(Assert.Single(await single.DiagnosticsAsync("BG0201")));
        Assert.Contains("SocketsHttpHandler", singleFixes.Single(f => f.Title == "Use a shared static HttpClient").Text, System.StringComparison.Ordinal);

        // SocketsHttpHandler does not exist on net472: the fix computed for net472 compiles on both and is offered.
        var project = await MultiTargetProject.CreateAsync(ClientPerCallApp, OutputKind.ConsoleApplication, Net80, MultiTargetProject.Net472);
        var fixes = await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0201")));
        var (_, text) = fixes.Single(f => f.Title == "Use a shared static HttpClient");
        Assert.DoesNotContain("SocketsHttpHandler", text, System.StringComparison.Ordinal);
        Assert.Contains("static readonly HttpClient", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0201_FixAllOverEveryTarget_CopiesAgree_AndCompile()
    {
        // dotnet format wrote merge-conflict markers when net8.0 got a SocketsHttpHandler client and net472 a plain one.
        var project = await MultiTargetProject.CreateAsync(ClientPerCallApp, OutputKind.ConsoleApplication, Net80, MultiTargetProject.Net472);
        var text = await project.FixAllAsync("BG0201", BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey);
        Assert.Contains("static readonly HttpClient", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("new HttpClient();\n                System", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0301_PropertyMissingOnAnotherTarget_NoFix()
    {
        // HttpClientHandler.MaxConnectionsPerServer does not exist on net461 (Flurl targets net6.0 and net461).
        const string source = """
            using System.Net.Http;

            public static class Program
            {
                private static readonly HttpClient Client = new HttpClient(new HttpClientHandler());

                public static void Main()
                {
                    System.Net.ServicePointManager.DefaultConnectionLimit = 50;
                    System.Console.WriteLine(Client.Timeout);
                }
            }
            """;
        var withNet472 = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, Net80, MultiTargetProject.Net472);
        var (_, text) = Assert.Single(await withNet472.FixesAsync(Assert.Single(await withNet472.DiagnosticsAsync("BG0301"))));
        Assert.Contains("MaxConnectionsPerServer = 50", text, System.StringComparison.Ordinal);
        Assert.Empty(await withNet472.ErrorsEverywhereAsync(text));

        var withNet461 = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, Net80, MultiTargetProject.Net461);
        Assert.Empty(await withNet461.FixesAsync(Assert.Single(await withNet461.DiagnosticsAsync("BG0301"))));
    }

    [Fact]
    public async Task BG0101_WrapperAndHierarchy_OnThreeTargets_EachCallerIsChangedOnce_AndFixAllCompilesEverywhere()
    {
        // A reference search returns one result per target framework's copy of the symbol, each with the same locations:
        // each caller got its await twice ('await await client.GetPriceAsync'), nothing compiled, and no fix was offered
        // on a multi-target project (dotnet format left the file as it was).
        const string source = """
            using System.Threading.Tasks;

            public class PriceClient
            {
                private static Task<int> FetchAsync(string sku) => Task.FromResult(sku.Length);

                public int GetPrice(string sku) => FetchAsync(sku).Result;
            }

            internal interface IStore
            {
                string Load(string key);
            }

            internal sealed class FileStore : IStore
            {
                private static Task<string> ReadAsync(string key) => Task.FromResult(key);

                public string Load(string key) => ReadAsync(key).Result;
            }

            public static class Checkout
            {
                public static async Task<int> TotalAsync(PriceClient client)
                {
                    await Task.Yield();
                    IStore store = new FileStore();
                    return client.GetPrice("a") + store.Load("k").Length;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, MultiTargetProject.NetStandard20, MultiTargetProject.Net472);
        var diagnostics = await project.DiagnosticsAsync("BG0101");
        Assert.Equal(2, diagnostics.Length);

        var wrapper = await project.FixAllAsync("BG0101", BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
        Assert.Contains("public int GetPrice(string sku) => GetPriceAsync(sku).GetAwaiter().GetResult();", wrapper, System.StringComparison.Ordinal);
        // The wrapper's key is the first report's first action: Fix All gives the interface family its own first action
        // (Make async) in the same run (FirstActionFixAll).
        Assert.Contains("return await client.GetPriceAsync(\"a\") + (await store.LoadAsync(\"k\")).Length;", wrapper, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(wrapper));

        var hierarchy = await project.FixAllAsync("BG0101", BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
        Assert.Contains("Task<string> LoadAsync(string key);", hierarchy, System.StringComparison.Ordinal);
        Assert.Contains("+ (await store.LoadAsync(\"k\")).Length;", hierarchy, System.StringComparison.Ordinal);
        Assert.DoesNotContain("await await", hierarchy, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(hierarchy));
    }

    [Fact]
    public async Task BG0301_ClientWithoutHandler_OnNet80AndNet472_CreatesItOverAnHttpClientHandler_WhicheverTargetReports()
    {
        // dotnet format asks for a fix of one report per id: when it was net8.0's (SocketsHttpHandler, missing on net472)
        // the fix was refused and no BG0301 was fixed, the handler below included; which report came first varied.
        const string source = """
            using System.Net.Http;

            public static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                public static void Main()
                {
                    System.Net.ServicePointManager.DefaultConnectionLimit = 50;
                    System.Console.WriteLine(Client.Timeout);
                }
            }
            """;
        var single = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, Net80);
        var (singleTitle, _) = Assert.Single(await single.FixesAsync(Assert.Single(await single.DiagnosticsAsync("BG0301"))));
        Assert.Equal("Create the client over a SocketsHttpHandler with MaxConnectionsPerServer = 50", singleTitle);

        foreach (var targets in new[] { new[] { Net80, MultiTargetProject.Net472 }, new[] { MultiTargetProject.Net472, Net80 } })
        {
            var project = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, targets);
            var (title, text) = Assert.Single(await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0301"))));
            Assert.Equal("Create the client over a HttpClientHandler with MaxConnectionsPerServer = 50", title);
            Assert.Contains("new HttpClient(new HttpClientHandler { MaxConnectionsPerServer = 50 });", text, System.StringComparison.Ordinal);
            Assert.Empty(await project.ErrorsEverywhereAsync(text));
        }
    }

    [Fact]
    public async Task BG0302_SetInMain_NotOfferedWhereTheAppAlsoTargetsNet()
    {
        // On net8.0 the inserted line has no effect and BG0302 reports it: the fix would raise a new diagnostic.
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                public static async Task Main(string[] args)
                {
                    System.Console.WriteLine(await Client.GetStringAsync(args[0]));
                }
            }
            """;
        var net472 = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, MultiTargetProject.Net472);
        var (_, text) = Assert.Single(await net472.FixesAsync(Assert.Single(await net472.DiagnosticsAsync("BG0302"))));
        Assert.Contains("ServicePointManager.DefaultConnectionLimit = 50;", text, System.StringComparison.Ordinal);

        var both = await MultiTargetProject.CreateAsync(source, OutputKind.ConsoleApplication, MultiTargetProject.Net472, Net80);
        Assert.Empty(await both.FixesAsync(Assert.Single(await both.DiagnosticsAsync("BG0302"))));
    }

    [Fact]
    public async Task BG0302_RemoveAssignmentWithoutEffect_OnlyWhereEveryTargetIsNetCore()
    {
        // On net472 the same line sets the limit: removing it from the shared file would change that build.
        const string source = """
            using System.Net;

            public static class Startup
            {
                public static void Configure()
                {
                    ServicePointManager.DefaultConnectionLimit = 100;
                    System.Console.WriteLine("configured");
                }
            }
            """;
        var net80 = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80);
        var (title, text) = Assert.Single(await net80.FixesAsync(Assert.Single(await net80.DiagnosticsAsync("BG0302"))));
        Assert.StartsWith("Remove the assignment", title, System.StringComparison.Ordinal);
        Assert.DoesNotContain("DefaultConnectionLimit", text, System.StringComparison.Ordinal);

        var withNet472 = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, MultiTargetProject.Net472);
        Assert.Empty(await withNet472.FixesAsync(Assert.Single(await withNet472.DiagnosticsAsync("BG0302"))));

        // A .NET Standard build runs on .NET Framework too, where the line sets the limit.
        var withNetStandard = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, MultiTargetProject.NetStandard20);
        Assert.Empty(await withNetStandard.FixesAsync(Assert.Single(await withNetStandard.DiagnosticsAsync("BG0302"))));
    }
}
