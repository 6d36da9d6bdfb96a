namespace BadGateway.Analyzers.EndToEnd;

/// <summary>
/// Multi-targeting consumers (issue #14): one file compiled for several target frameworks, with calls whose async
/// sibling exists on net8.0 only, next to calls whose fix is valid on every target.
/// </summary>
internal static class MultiTargetSources
{
    /// <summary>All BG ids, as one <c>dotnet format analyzers --diagnostics</c> run fixes them.</summary>
    public static readonly string[] AllRules = { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" };

    public const string Library = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>net8.0;netstandard2.0;net472</TargetFrameworks>
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup Condition="'$(TargetFramework)' == 'net472'">
            <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="1.0.3" PrivateAssets="all" />
            <Reference Include="System.Net.Http" />
          </ItemGroup>
        </Project>
        """;

    public const string App = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFrameworks>net8.0;net472</TargetFrameworks>
            <UseAppHost>false</UseAppHost>
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup Condition="'$(TargetFramework)' == 'net472'">
            <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="1.0.3" PrivateAssets="all" />
            <Reference Include="System.Net.Http" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Reports <c>cts.Cancel()</c>, whose sibling <c>CancelAsync</c> is .NET 8 only.</summary>
    public const string EditorConfig = """
        root = true

        [*.cs]
        bg0102.report_cancellation_token_source_cancel = true
        """;

    /// <summary>Fixes whose result is valid on every target framework.</summary>
    public const string Fixable = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public static class Fixable
            {
                public static async Task<string> ReadAllAsync(string path)
                {
                    using (var reader = new StreamReader(path))
                    {
                        return reader.ReadToEnd();
                    }
                }

                public static async Task<int> LengthAsync(Task<string> text)
                {
                    await Task.Yield();
                    return text.Result.Length;
                }

                public static async Task FinishAsync(Task work)
                {
                    await Task.Yield();
                    work.Wait();
                }

                public static async Task PauseAsync()
                {
                    await Task.Yield();
                    Thread.Sleep(100);
                }

                public static async Task<int> ReadHeaderAsync(Stream stream, CancellationToken cancellationToken)
                {
                    var header = new byte[16];
                    await Task.Yield();
                    return stream.Read(header, 0, header.Length);
                }
            }
        }
        """;

    /// <summary>The text <see cref="Fixable"/> must hold after the fixes, one line per fixed call.</summary>
    public static readonly string[] FixableAfter =
    {
        "return await reader.ReadToEndAsync();",
        "return (await text).Length;",
        "await work;",
        "await Task.Delay(100);",
        "return await stream.ReadAsync(header, 0, header.Length, cancellationToken);",
    };

    /// <summary>
    /// Each call has an async sibling (or a form of it) on net8.0 that netstandard2.0 or net472 lacks: a fix computed
    /// for net8.0 alone breaks the other targets. Either form every target has, or no fix.
    /// </summary>
    public const string TargetSpecific = """
        using System.Data.Common;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public static class TargetSpecific
            {
                // TextWriter.FlushAsync(CancellationToken): .NET 8 only.
                public static async Task WriteLineAsync(TextWriter writer, string line, CancellationToken cancellationToken)
                {
                    await writer.WriteLineAsync(line);
                    writer.Flush();
                }

                // TextReader.ReadToEndAsync(CancellationToken): .NET 7 and later.
                public static async Task<string> ReadBodyAsync(TextReader reader, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return reader.ReadToEnd();
                }

                // TextReader.ReadLineAsync(CancellationToken), expression-bodied.
                public static async Task<string?> FirstLineAsync(TextReader reader, CancellationToken cancellationToken) => reader.ReadLine();

                // File.ReadAllTextAsync: not on netstandard2.0 nor net472 (reported on net8.0 only).
                public static async Task<int> FileLengthAsync(string path)
                {
                    await Task.Yield();
                    var text = File.ReadAllText(path);
                    return text.Length;
                }

                // CancellationTokenSource.CancelAsync(): .NET 8 only.
                public static async Task StopAsync(CancellationTokenSource cts, Task running)
                {
                    cts.Cancel();
                    await running;
                }

                // Stream.DisposeAsync(): not on netstandard2.0 nor net472.
                public static async Task CopyAndCloseAsync(Stream source, Stream target)
                {
                    await source.CopyToAsync(target);
                    source.Dispose();
                }

                // The same in a conditional access.
                public static async Task CloseAsync(Stream? stream)
                {
                    await Task.Yield();
                    stream?.Dispose();
                }

                // The same in an async lambda and in a local function.
                public static async Task ShutDownAsync(Stream stream, CancellationTokenSource cts)
                {
                    await Task.Run(async () =>
                    {
                        await Task.Yield();
                        cts.Cancel();
                    });
                    await CloseLocalAsync();

                    async Task CloseLocalAsync()
                    {
                        await Task.Yield();
                        stream.Dispose();
                    }
                }

                // DbDataReader is IAsyncDisposable on .NET Core 3.0 and later only: no `await using` on the older targets.
                public static async Task<int> CountAsync(DbCommand command, CancellationToken cancellationToken)
                {
                    using var reader = command.ExecuteReader();
                    var count = 0;
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        count++;
                    }

                    return count;
                }

                // Task.WaitAsync(TimeSpan) and Task.WaitAsync(CancellationToken): .NET 6 and later.
                public static async Task WaitBrieflyAsync(Task work, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    work.Wait(1000);
                    work.Wait(cancellationToken);
                }

                // SocketsHttpHandler and PooledConnectionLifetime: .NET Core 2.1 and later.
                public static async Task<string> GetAsync(string url)
                {
                    using var client = new HttpClient();
                    return await client.GetStringAsync(url);
                }
            }
        }
        """;

    /// <summary>Waits in lambdas whose "await" would change what the program does (T inferred as Task&lt;T&gt;).</summary>
    public const string Lambdas = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public sealed class Connection
            {
            }

            // A DI-like registration: T is inferred from the lambda.
            public sealed class Services
            {
                private readonly List<Func<IServiceProvider, object>> _factories = new List<Func<IServiceProvider, object>>();

                public Services AddSingleton<T>(Func<IServiceProvider, T> factory)
                    where T : class
                {
                    _factories.Add(sp => factory(sp));
                    return this;
                }
            }

            public static class Registration
            {
                public static Task<Connection> ConnectAsync() => Task.Run(() => new Connection());

                public static Services Register(Services services) =>
                    services.AddSingleton(sp => ConnectAsync().Result);

                public static async Task<int[]> LengthsAsync(IEnumerable<Task<string>> texts)
                {
                    await Task.Yield();
                    return texts.Select(t => t.Result.Length).ToArray();
                }
            }
        }
        """;

    /// <summary>
    /// Lines of <see cref="Lambdas"/> that no fix may change. (LengthsAsync's <c>texts.Select(t => t.Result.Length).ToArray()</c>
    /// is no longer one of them: issue #15's Select loop awaits each text in turn, in the same order.)
    /// </summary>
    public static readonly string[] LambdasUnchanged =
    {
        "services.AddSingleton(sp => ConnectAsync().Result);",
    };

    /// <summary>
    /// An executable on net8.0 and net472: BG0201's shared client (SocketsHttpHandler on net8.0), BG0302's limit in
    /// Main (net472 only), File.ReadAllLinesAsync (net8.0 only), and two fixes valid on both targets.
    /// </summary>
    public const string Program = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    Console.WriteLine(await GetPriceAsync("sku-" + args.Length));
                    Console.WriteLine(File.ReadAllLines("prices.txt").Length);
                }

                // Per call: a new connection pool every time.
                public static async Task<string> GetPriceAsync(string sku)
                {
                    using (var client = new HttpClient())
                    {
                        return await client.GetStringAsync("https://prices.example/" + sku);
                    }
                }

                // The handler of the catalogue client (MaxConnectionsPerServer exists on net472 too).
                public static HttpClient CreateCatalogueClient()
                {
                    var handler = new HttpClientHandler();
                    return new HttpClient(handler, disposeHandler: true);
                }

                public static async Task<int> CountAsync(Task<string[]> lines) => lines.Result.Length;
            }
        }
        """;

    /// <summary>The text <see cref="Program"/> must hold after the fixes valid on both targets.</summary>
    public static readonly string[] ProgramAfter =
    {
        "var handler = new HttpClientHandler() { MaxConnectionsPerServer = 50 };",
        "public static async Task<int> CountAsync(Task<string[]> lines) => (await lines).Length;",
    };

    /// <summary>A library on three targets, with IAsyncDisposable and ValueTask where the framework lacks them.</summary>
    public const string AsyncLibrary = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>net8.0;netstandard2.0;net472</TargetFrameworks>
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <!-- Unconditional: dotnet add package puts our package into the first ItemGroup with a PackageReference. -->
            <PackageReference Include="Microsoft.Bcl.AsyncInterfaces" Version="8.0.0" />
          </ItemGroup>
          <ItemGroup Condition="'$(TargetFramework)' == 'net472'">
            <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="1.0.3" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>(1): a public method of a library that waits, called from async code.</summary>
    public const string Wrapper = """
        using System.Threading.Tasks;

        namespace Consumer
        {
            public class PriceClient
            {
                private static Task<int> FetchAsync(string sku) => Task.FromResult(sku.Length);

                public int GetPrice(string sku) => FetchAsync(sku).Result;
            }

            public static class Checkout
            {
                public static async Task<int> TotalAsync(PriceClient client)
                {
                    await Task.Yield();
                    return client.GetPrice("a") + 1;
                }
            }
        }
        """;

    public static readonly string[] WrapperAfter =
    {
        "public int GetPrice(string sku) => GetPriceAsync(sku).GetAwaiter().GetResult();",
        "public async Task<int> GetPriceAsync(string sku) => await FetchAsync(sku);",
        "return await client.GetPriceAsync(\"a\") + 1;",
    };

    /// <summary>(2): an internal interface, an implementation that waits, one that does not, a caller through the interface.</summary>
    public const string Hierarchy = """
        using System.Threading.Tasks;

        namespace Consumer
        {
            internal interface IStore
            {
                string Load(string key);
            }

            internal sealed class FileStore : IStore
            {
                private static Task<string> ReadAsync(string key) => Task.FromResult(key);

                public string Load(string key) => ReadAsync(key).Result;
            }

            internal sealed class MemoryStore : IStore
            {
                public string Load(string key) => key;
            }

            public static class Loader
            {
                public static async Task<int> RunAsync(bool memory)
                {
                    await Task.Yield();
                    IStore store = memory ? new MemoryStore() : new FileStore();
                    return store.Load("k").Length;
                }
            }
        }
        """;

    public static readonly string[] HierarchyAfter =
    {
        "Task<string> LoadAsync(string key);",
        "public async Task<string> LoadAsync(string key) => await ReadAsync(key);",
        "public Task<string> LoadAsync(string key) => Task.FromResult(key);",
        "return (await store.LoadAsync(\"k\")).Length;",
    };

    /// <summary>(4): a public type whose Dispose waits, used with using in async code.</summary>
    public const string Disposable = """
        using System;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public sealed class Connection : IDisposable
            {
                private static Task CloseAsync() => Task.Delay(1);

                public void Dispose() => CloseAsync().Wait();
            }

            public static class Session
            {
                public static async Task<int> RunAsync()
                {
                    await Task.Yield();
                    using (var connection = new Connection())
                    {
                        return connection.GetHashCode();
                    }
                }
            }
        }
        """;

    public static readonly string[] DisposableAfter =
    {
        "public sealed class Connection : IDisposable, IAsyncDisposable",
        "public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();",
        "public async ValueTask DisposeAsync() => await CloseAsync();",
        "await using (var connection = new Connection())",
    };
}
