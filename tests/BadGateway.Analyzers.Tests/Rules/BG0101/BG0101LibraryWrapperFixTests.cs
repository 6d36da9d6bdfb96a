using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using Microsoft.CodeAnalysis;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;
using VerifyBG0101 = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 (issue #15, round 2): the non-breaking wrapper forms for what a library cannot change: an override of a
/// framework member whose async sibling is inherited (Stream.Flush / FlushAsync), property getters and setters,
/// indexers and public constructors.
/// </summary>
public class BG0101LibraryWrapperFixTests
{
    private static Task VerifyAsync(string source, string fixedSource) =>
        new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey }.RunAsync();

    private static Task NoWrapperAsync(string source) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey }.RunAsync();

    [Fact]
    public async Task FrameworkOverride_StreamFlush_OverridesFlushAsync_AndFlushForwardsWithNoToken()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush()
                {
                    base.Flush();
                    SendAsync().[|Wait|]();
                }
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                public override async Task FlushAsync(CancellationToken cancellationToken)
                {
                    base.Flush();
                    await SendAsync();
                }
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_StreamRead_ReturnsTaskOfInt_AndPassesTheTokenToCallsThatTakeOne()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class RemoteStream : MemoryStream
            {
                private static Task<int> FetchAsync(byte[] buffer, int count, CancellationToken cancellationToken = default) => Task.FromResult(count);

                public override int Read(byte[] buffer, int offset, int count)
                {
                    // fetch the next block
                    return FetchAsync(buffer, count).[|Result|];
                }
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class RemoteStream : MemoryStream
            {
                private static Task<int> FetchAsync(byte[] buffer, int count, CancellationToken cancellationToken = default) => Task.FromResult(count);

                public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

                public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    // fetch the next block
                    return await FetchAsync(buffer, count, cancellationToken: cancellationToken);
                }
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_ExpressionBodiedTextWriterWrite_OverridesTheTokenlessSibling()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class RemoteWriter : StringWriter
            {
                private static Task SendAsync(string value) => Task.Delay(value.Length);

                public override void Write(string value) => SendAsync(value).[|Wait|]();
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class RemoteWriter : StringWriter
            {
                private static Task SendAsync(string value) => Task.Delay(value.Length);

                public override void Write(string value) => WriteAsync(value).GetAwaiter().GetResult();

                public override async Task WriteAsync(string value) => await SendAsync(value);
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_CallersInAsyncCodeAwaitTheTokenlessSibling()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => SendAsync().[|Wait|]();
            }

            public static class Uploader
            {
                public static async Task RunAsync(UploadStream stream)
                {
                    await Task.Yield();
                    stream.Flush();
                }

                public static void Run(UploadStream stream) => stream.Flush();
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                public override async Task FlushAsync(CancellationToken cancellationToken) => await SendAsync();
            }

            public static class Uploader
            {
                public static async Task RunAsync(UploadStream stream)
                {
                    await Task.Yield();
                    await stream.FlushAsync();
                }

                public static void Run(UploadStream stream) => stream.Flush();
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_NotOffered_WhenTheTypeOrASourceBaseOverridesTheAsyncSiblingAlready()
    {
        await NoWrapperAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => SendAsync().[|Wait|]();

                public override Task FlushAsync(CancellationToken cancellationToken) => SendAsync();
            }

            public class BaseStream : MemoryStream
            {
                public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            public sealed class DerivedStream : BaseStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => SendAsync().[|Wait|]();
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_NotOffered_ForAnUnsealedOverrideOverriddenAgain_OrAParameterNamedLikeTheToken()
    {
        await NoWrapperAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => SendAsync().[|Wait|]();
            }

            public sealed class LoudStream : UploadStream
            {
                public override void Flush() => base.Flush();
            }

            public sealed class Reader : MemoryStream
            {
                private static Task<int> NextAsync(int count) => Task.FromResult(count);

                public override int Read(byte[] cancellationToken, int offset, int count) => NextAsync(count).[|Result|];
            }
            """);
    }

    [Fact]
    public async Task FrameworkOverride_FixAll_TwoStreams()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.IO;
                using System.Threading.Tasks;

                public sealed class A : MemoryStream
                {
                    public override void Flush() => Task.Delay(1).[|Wait|]();
                }

                public sealed class B : MemoryStream
                {
                    public override void Flush()
                    {
                        Task.Delay(2).[|Wait|]();
                        Task.Delay(3).[|Wait|]();
                    }
                }
                """,
            FixedCode = """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                public sealed class A : MemoryStream
                {
                    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                    public override async Task FlushAsync(CancellationToken cancellationToken) => await Task.Delay(1);
                }

                public sealed class B : MemoryStream
                {
                    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                    public override async Task FlushAsync(CancellationToken cancellationToken)
                    {
                        await Task.Delay(2);
                        await Task.Delay(3);
                    }
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task FrameworkOverride_Title_AndCompilesOnNet472AndNetStandard20()
    {
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class UploadStream : MemoryStream
            {
                private Task SendAsync() => Task.Delay(5);

                public override void Flush() => SendAsync().Wait();
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472, MultiTargetProject.NetStandard20);
        var fixes = await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0101")));
        Assert.Equal("Override 'FlushAsync' and keep 'Flush' as a wrapper", fixes[0].Title);
        Assert.Contains("public override async Task FlushAsync(CancellationToken cancellationToken) => await SendAsync();", fixes[0].Text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(fixes[0].Text));
    }

    [Fact]
    public async Task Forward_WithCancellationTokenNone_IsNotReported_OtherTokensAre()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                public sealed class A : MemoryStream
                {
                    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                }

                public sealed class B : MemoryStream
                {
                    public override void Flush() => FlushAsync(default).Wait();

                    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                }

                public sealed class C : MemoryStream
                {
                    public override void Flush() => FlushAsync(new CancellationToken(true)).{|#0:Wait|}();

                    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                }

                public class Api
                {
                    public int Get(int a) => GetAsync(a, CancellationToken.None).GetAwaiter().GetResult();

                    public Task<int> GetAsync(int a, CancellationToken cancellationToken) => Task.FromResult(a);
                }
                """,
            VerifyBG0101.Diagnostic("BG0101").WithLocation(0).WithArguments("FlushAsync(new CancellationToken(true)).Wait()"));
    }

    // ---- Accessors: getters, setters, indexers ----

    [Fact]
    public async Task Getter_BlockBody_OfALibraryProperty_GetsGetValueAsync_AndAsyncReadsAwaitIt()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Settings
            {
                private static Task<string> LoadAsync() => Task.FromResult("value");

                /// <summary>The value.</summary>
                public string Value
                {
                    get { return LoadAsync().[|Result|]; }
                }

                public async Task<int> LengthAsync()
                {
                    await Task.Yield();
                    return Value.Length + this.Value.Length;
                }

                public int Length() => Value.Length;
            }
            """,
            """
            using System.Threading.Tasks;

            public class Settings
            {
                private static Task<string> LoadAsync() => Task.FromResult("value");

                /// <summary>The value.</summary>
                public string Value
                {
                    get => GetValueAsync().GetAwaiter().GetResult();
                }

                public async Task<string> GetValueAsync() => await LoadAsync();

                public async Task<int> LengthAsync()
                {
                    await Task.Yield();
                    return (await GetValueAsync()).Length + (await this.GetValueAsync()).Length;
                }

                public int Length() => Value.Length;
            }
            """);
    }

    [Fact]
    public async Task Getter_AsyncReadsInOtherFilesAndProjectsAwaitTheSibling_AFileThatOnlyNamesItStays()
    {
        // Issue #16: the reads are looked for in the documents the reference search finds the property in; a file whose
        // Value is another type's, and sync reads, keep their text.
        const string library = """
            using System.Threading.Tasks;

            public class Settings
            {
                private static Task<string> LoadAsync() => Task.FromResult("value");

                public string Value => LoadAsync().[|Result|];
            }
            """;
        const string libraryFixed = """
            using System.Threading.Tasks;

            public class Settings
            {
                private static Task<string> LoadAsync() => Task.FromResult("value");

                public string Value => GetValueAsync().GetAwaiter().GetResult();

                public async Task<string> GetValueAsync() => await LoadAsync();
            }
            """;
        const string reader = """
            using System.Threading.Tasks;

            public static class Reader
            {
                public static async Task<int> LengthAsync(Settings settings)
                {
                    await Task.Yield();
                    return settings.Value.Length;
                }

                public static int Length(Settings settings) => settings.Value.Length;
            }
            """;
        const string readerFixed = """
            using System.Threading.Tasks;

            public static class Reader
            {
                public static async Task<int> LengthAsync(Settings settings)
                {
                    await Task.Yield();
                    return (await settings.GetValueAsync()).Length;
                }

                public static int Length(Settings settings) => settings.Value.Length;
            }
            """;
        const string other = """
            using System.Threading.Tasks;

            public class Other
            {
                public string Value { get; set; } = "";

                public async Task<int> LengthAsync()
                {
                    await Task.Yield();
                    return Value.Length + new Other().Value.Length;
                }
            }
            """;
        const string app = """
            using System.Threading.Tasks;

            public static class App
            {
                public static async Task<string> ShowAsync(Settings settings)
                {
                    await Task.Yield();
                    return settings.Value + new Other().Value;
                }
            }
            """;
        const string appFixed = """
            using System.Threading.Tasks;

            public static class App
            {
                public static async Task<string> ShowAsync(Settings settings)
                {
                    await Task.Yield();
                    return await settings.GetValueAsync() + new Other().Value;
                }
            }
            """;
        await new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            TestState =
            {
                Sources = { ("Settings.cs", library), ("Reader.cs", reader), ("Other.cs", other) },
                AdditionalProjects = { ["App"] = { Sources = { ("App.cs", app) }, AdditionalProjectReferences = { "TestProject" } } },
            },
            FixedState =
            {
                Sources = { ("Settings.cs", libraryFixed), ("Reader.cs", readerFixed), ("Other.cs", other) },
                AdditionalProjects = { ["App"] = { Sources = { ("App.cs", appFixed) }, AdditionalProjectReferences = { "TestProject" } } },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task Getter_ExpressionBodiedStaticProperty_WithAComment()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public static class Clock
            {
                private static Task<long> TicksAsync() => Task.FromResult(1L);

                public static long Now => TicksAsync().[|Result|]; // remote clock
            }
            """,
            """
            using System.Threading.Tasks;

            public static class Clock
            {
                private static Task<long> TicksAsync() => Task.FromResult(1L);

                public static long Now => GetNowAsync().GetAwaiter().GetResult(); // remote clock

                public static async Task<long> GetNowAsync() => await TicksAsync();
            }
            """);
    }

    [Fact]
    public async Task Setter_WithAGetter_GetsSetValueAsync_AndStatementAssignmentsInAsyncCodeAwaitIt()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Settings
            {
                private string _value = "";

                private static Task SaveAsync(string value) => Task.Delay(value.Length);

                public string Value
                {
                    get => _value;
                    set
                    {
                        // keep it in memory first
                        _value = value;
                        SaveAsync(value).[|Wait|]();
                    }
                }
            }

            public static class Usage
            {
                public static async Task RunAsync(Settings settings)
                {
                    await Task.Yield();
                    settings.Value = "a";
                    var copy = settings.Value = "b";
                    settings.Value += "c";
                }

                public static void Run(Settings settings) => settings.Value = "d";
            }
            """,
            """
            using System.Threading.Tasks;

            public class Settings
            {
                private string _value = "";

                private static Task SaveAsync(string value) => Task.Delay(value.Length);

                public string Value
                {
                    get => _value;
                    set => SetValueAsync(value).GetAwaiter().GetResult();
                }

                public async Task SetValueAsync(string value)
                {
                    // keep it in memory first
                    _value = value;
                    await SaveAsync(value);
                }
            }

            public static class Usage
            {
                public static async Task RunAsync(Settings settings)
                {
                    await Task.Yield();
                    await settings.SetValueAsync("a");
                    var copy = settings.Value = "b";
                    settings.Value += "c";
                }

                public static void Run(Settings settings) => settings.Value = "d";
            }
            """);
    }

    [Fact]
    public async Task Setter_PrivateSetOfAnInternalClass_KeepsItsAccessibility()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            internal sealed class Cache
            {
                private static Task StoreAsync(int value) => Task.Delay(value);

                private int _size;

                public int Size
                {
                    get => _size;
                    private set => StoreAsync(_size = value).[|Wait|]();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            internal sealed class Cache
            {
                private static Task StoreAsync(int value) => Task.Delay(value);

                private int _size;

                public int Size
                {
                    get => _size;
                    private set => SetSizeAsync(value).GetAwaiter().GetResult();
                }

                private async Task SetSizeAsync(int value) => await StoreAsync(_size = value);
            }
            """);
    }

    [Fact]
    public async Task Indexer_Getter_GetsGetItemAsync_AndAsyncIndexReadsAwaitIt()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Table
            {
                private static Task<string> CellAsync(int row) => Task.FromResult(row.ToString());

                public string this[int row] => CellAsync(row).[|Result|];
            }

            public static class Report
            {
                public static async Task<string> FirstAsync(Table table)
                {
                    await Task.Yield();
                    return table[0] + table[1].Length;
                }

                public static string First(Table table) => table[0];
            }
            """,
            """
            using System.Threading.Tasks;

            public class Table
            {
                private static Task<string> CellAsync(int row) => Task.FromResult(row.ToString());

                public string this[int row] => GetItemAsync(row).GetAwaiter().GetResult();

                public async Task<string> GetItemAsync(int row) => await CellAsync(row);
            }

            public static class Report
            {
                public static async Task<string> FirstAsync(Table table)
                {
                    await Task.Yield();
                    return await table.GetItemAsync(0) + (await table.GetItemAsync(1)).Length;
                }

                public static string First(Table table) => table[0];
            }
            """);
    }

    [Fact]
    public async Task Indexer_Setter_WithTwoParameters_GetsSetItemAsync()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Grid
            {
                private static Task WriteAsync(int x, int y, string value) => Task.Delay(x + y);

                public string this[int x, int y]
                {
                    get => "";
                    set { WriteAsync(x, y, value).[|Wait|](); }
                }
            }

            public static class Painter
            {
                public static async Task PaintAsync(Grid grid)
                {
                    await Task.Yield();
                    grid[1, 2] = "#";
                }
            }
            """,
            """
            using System.Threading.Tasks;

            public class Grid
            {
                private static Task WriteAsync(int x, int y, string value) => Task.Delay(x + y);

                public string this[int x, int y]
                {
                    get => "";
                    set => SetItemAsync(x, y, value).GetAwaiter().GetResult();
                }

                public async Task SetItemAsync(int x, int y, string value) => await WriteAsync(x, y, value);
            }

            public static class Painter
            {
                public static async Task PaintAsync(Grid grid)
                {
                    await Task.Yield();
                    await grid.SetItemAsync(1, 2, "#");
                }
            }
            """);
    }

    [Fact]
    public async Task Accessors_FixAll_GetterAndSetterOfOneProperty()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Remote
                {
                    private static Task<int> ReadAsync() => Task.FromResult(1);

                    private static Task WriteAsync(int value) => Task.Delay(value);

                    public int Value
                    {
                        get => ReadAsync().[|Result|];
                        set => WriteAsync(value).[|Wait|]();
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                public class Remote
                {
                    private static Task<int> ReadAsync() => Task.FromResult(1);

                    private static Task WriteAsync(int value) => Task.Delay(value);

                    public int Value
                    {
                        get => GetValueAsync().GetAwaiter().GetResult();
                        set => SetValueAsync(value).GetAwaiter().GetResult();
                    }

                    public async Task<int> GetValueAsync() => await ReadAsync();

                    public async Task SetValueAsync(int value) => await WriteAsync(value);
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            NumberOfFixAllIterations = 1,
            NumberOfIncrementalIterations = 2,
        }.RunAsync();
    }

    [Fact]
    public async Task Accessors_NotWrapped_RefusedShapes()
    {
        await NoWrapperAsync(
            """
            using System.Threading.Tasks;

            public interface IValue
            {
                string Value { get; }
            }

            public class Taken
            {
                private static Task<string> LoadAsync() => Task.FromResult("");

                public string Value => LoadAsync().[|Result|];

                public Task<string> GetValueAsync() => LoadAsync();
            }

            public class Virtual
            {
                private static Task<string> LoadAsync() => Task.FromResult("");

                public virtual string Value => LoadAsync().[|Result|];
            }

            public class Explicit : IValue
            {
                private static Task<string> LoadAsync() => Task.FromResult("");

                string IValue.Value => LoadAsync().[|Result|];
            }

            public struct Point
            {
                private static Task<int> LoadAsync() => Task.FromResult(1);

                public int X
                {
                    get => 0;
                    set => LoadAsync().[|Wait|]();
                }
            }

            public class InitOnly
            {
                private static Task LoadAsync() => Task.CompletedTask;

                public int X
                {
                    get => 0;
                    init => LoadAsync().[|Wait|]();
                }
            }

            public class Iterator
            {
                private static Task<int> LoadAsync() => Task.FromResult(1);

                public System.Collections.Generic.IEnumerable<int> Items
                {
                    get { yield return LoadAsync().[|Result|]; }
                }
            }
            """);
    }

    [Fact]
    public async Task Getter_OfAnInternalGetOnlyProperty_GetsMakeAsync_NotTheWrapper()
    {
        await NoWrapperAsync(
            """
            using System.Threading.Tasks;

            internal sealed class Profile
            {
                private static Task<int> LoadAgeAsync() => Task.FromResult(30);

                public int Age => LoadAgeAsync().[|Result|];
            }
            """);
    }

    [Fact]
    public async Task AccessorForwards_AreNotReported()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Value
                {
                    get => GetValueAsync().GetAwaiter().GetResult();
                    set { SetValueAsync(value).Wait(); }
                }

                public static string Name => GetNameAsync().Result;

                public string this[int row] => GetItemAsync(row).GetAwaiter().GetResult();

                public Task<int> GetValueAsync() => Task.FromResult(1);

                public Task SetValueAsync(int value) => Task.CompletedTask;

                public static Task<string> GetNameAsync() => Task.FromResult("");

                public Task<string> GetItemAsync(int row) => Task.FromResult("");
            }
            """);
    }

    [Fact]
    public async Task AccessorForwards_OfAnotherShape_AreStillReported()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Value => LoadValueAsync().[|Result|];

                public int Other
                {
                    set => SetOtherAsync(1).[|Wait|]();
                }

                public string this[int row] => GetItemAsync(row + 1).GetAwaiter().[|GetResult|]();

                public Task<int> LoadValueAsync() => Task.FromResult(1);

                public Task SetOtherAsync(int value) => Task.CompletedTask;

                public Task<string> GetItemAsync(int row) => Task.FromResult("");
            }
            """);
    }

    // ---- Public constructors of a library ----

    [Fact]
    public async Task Constructor_KeepsItsSignature_ChainsToAPrivateConstructorOfTheValues_AndGetsCreateAsync()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Connection
            {
                private readonly string _version;

                private static Task<string> HandshakeAsync(string host) => Task.FromResult(host);

                /// <summary>Connects.</summary>
                public Connection(string host)
                {
                    _version = HandshakeAsync(host).[|Result|];
                }

                public string Version => _version;
            }
            """,
            """
            using System.Threading.Tasks;

            public class Connection
            {
                private readonly string _version;

                private static Task<string> HandshakeAsync(string host) => Task.FromResult(host);

                /// <summary>Connects.</summary>
                public Connection(string host) : this(host, HandshakeAsync(host).Result)
                {
                }

                private Connection(string host, string version)
                {
                    _version = version;
                }

                public static async Task<Connection> CreateAsync(string host) => new Connection(host, await HandshakeAsync(host));

                public string Version => _version;
            }
            """);
    }

    [Fact]
    public async Task Constructor_AsyncCreatorsInAnotherProjectAwaitCreateAsync_SyncCreatorsStay()
    {
        await new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            TestState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    public sealed class Catalog
                    {
                        private readonly string[] _items;

                        private static Task<string[]> LoadAsync(string source) => Task.FromResult(new[] { source });

                        public Catalog(string source)
                        {
                            _items = LoadAsync(source).GetAwaiter().[|GetResult|]();
                        }

                        public int Count => _items.Length;
                    }
                    """ },
                AdditionalProjects =
                {
                    ["Shop"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public static class Shop
                            {
                                public static async Task<int> OpenAsync()
                                {
                                    await Task.Yield();
                                    var catalog = new Catalog("db");
                                    return catalog.Count + new Catalog("cache").Count;
                                }

                                public static int Open() => new Catalog("db").Count;
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
            FixedState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    public sealed class Catalog
                    {
                        private readonly string[] _items;

                        private static Task<string[]> LoadAsync(string source) => Task.FromResult(new[] { source });

                        public Catalog(string source) : this(source, LoadAsync(source).GetAwaiter().GetResult())
                        {
                        }

                        private Catalog(string source, string[] items)
                        {
                            _items = items;
                        }

                        public static async Task<Catalog> CreateAsync(string source) => new Catalog(source, await LoadAsync(source));

                        public int Count => _items.Length;
                    }
                    """ },
                AdditionalProjects =
                {
                    ["Shop"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public static class Shop
                            {
                                public static async Task<int> OpenAsync()
                                {
                                    await Task.Yield();
                                    var catalog = await Catalog.CreateAsync("db");
                                    return catalog.Count + (await Catalog.CreateAsync("cache")).Count;
                                }

                                public static int Open() => new Catalog("db").Count;
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task Constructor_TwoWaitsAndPlainAssignments_KeepTheirOrder()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Client
            {
                private readonly string _host;
                private int _port;

                private static Task<int> PortAsync(string host) => Task.FromResult(host.Length);

                private static Task<string> BannerAsync(string host, int timeout) => Task.FromResult(host);

                public string Banner { get; private set; }

                public Client(string host, int timeout)
                {
                    _host = host;
                    _port = PortAsync(host).[|Result|];
                    this.Banner = BannerAsync(host, timeout).GetAwaiter().[|GetResult|]();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            public class Client
            {
                private readonly string _host;
                private int _port;

                private static Task<int> PortAsync(string host) => Task.FromResult(host.Length);

                private static Task<string> BannerAsync(string host, int timeout) => Task.FromResult(host);

                public string Banner { get; private set; }

                public Client(string host, int timeout) : this(host, timeout, PortAsync(host).Result, BannerAsync(host, timeout).GetAwaiter().GetResult())
                {
                }

                private Client(string host, int timeout, int port, string banner)
                {
                    _host = host;
                    _port = port;
                    this.Banner = banner;
                }

                public static async Task<Client> CreateAsync(string host, int timeout) => new Client(host, timeout, await PortAsync(host), await BannerAsync(host, timeout));
            }
            """);
    }

    [Fact]
    public async Task Constructor_NotWrapped_WhereTheOrderOfEffectsWouldChange_OrTheShapeIsNotSupported()
    {
        await NoWrapperAsync(
            """
            using System;
            using System.Threading.Tasks;

            public class LogsFirst
            {
                private readonly string _v;
                private static Task<string> LoadAsync() => Task.FromResult("");

                public LogsFirst()
                {
                    Console.WriteLine("connecting");
                    _v = LoadAsync().[|Result|];
                }
            }

            public class ChecksFirst
            {
                private readonly string _host;
                private readonly string _v;
                private static Task<string> LoadAsync(string host) => Task.FromResult(host);

                public ChecksFirst(string host)
                {
                    _host = host ?? throw new ArgumentNullException(nameof(host));
                    _v = LoadAsync(host).[|Result|];
                }
            }

            public class ReadsAField
            {
                private readonly string _host = "";
                private readonly string _v;
                private static Task<string> LoadAsync(string host) => Task.FromResult(host);

                public ReadsAField(string host)
                {
                    _host = host;
                    _v = LoadAsync(_host).[|Result|];
                }
            }

            public class Base { }

            public class Derived : Base
            {
                private readonly string _v;
                private static Task<string> LoadAsync() => Task.FromResult("");

                public Derived() { _v = LoadAsync().[|Result|]; }
            }

            public class Taken
            {
                private readonly string _v;
                private static Task<string> LoadAsync() => Task.FromResult("");

                public Taken() { _v = LoadAsync().[|Result|]; }

                public static Taken CreateAsync() => new Taken();
            }

            public class WaitOnly
            {
                private static Task PrimeAsync() => Task.CompletedTask;

                public WaitOnly() { PrimeAsync().[|Wait|](); }
            }

            public class Generic<T>
            {
                private readonly string _v;
                private static Task<string> LoadAsync() => Task.FromResult("");

                public Generic() { _v = LoadAsync().[|Result|]; }
            }

            public class InitializerCalls
            {
                private readonly string _log = Environment.GetEnvironmentVariable("LOG");
                private readonly string _v;
                private static Task<string> LoadAsync() => Task.FromResult("");

                public InitializerCalls() { _v = LoadAsync().[|Result|]; }
            }

            public class SameSignatureExists
            {
                private readonly string _v;
                private static Task<string> LoadAsync(string a) => Task.FromResult(a);

                public SameSignatureExists(string a) { _v = LoadAsync(a).[|Result|]; }

                private SameSignatureExists(string a, string b) { _v = a + b; }
            }
            """);
    }

    [Fact]
    public async Task Constructor_FixAll_TwoLibraryTypes()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class A
                {
                    private readonly int _x;

                    public A(Task<int> x)
                    {
                        _x = x.[|Result|];
                    }
                }

                public class B
                {
                    private readonly int _y;

                    public B(Task<int> y)
                    {
                        _y = y.[|Result|];
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                public class A
                {
                    private readonly int _x;

                    public A(Task<int> x) : this(x, x.Result)
                    {
                    }

                    private A(Task<int> x, int x2)
                    {
                        _x = x2;
                    }

                    public static async Task<A> CreateAsync(Task<int> x) => new A(x, await x);
                }

                public class B
                {
                    private readonly int _y;

                    public B(Task<int> y) : this(y, y.Result)
                    {
                    }

                    private B(Task<int> y, int y2)
                    {
                        _y = y2;
                    }

                    public static async Task<B> CreateAsync(Task<int> y) => new B(y, await y);
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ConstructorForward_IsNotReported_OtherChainsAre()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            public class Forwarding
            {
                private readonly string _v;

                private static Task<string> LoadAsync(string a) => Task.FromResult(a);

                public Forwarding(string a) : this(a, LoadAsync(a).GetAwaiter().GetResult())
                {
                }

                private Forwarding(string a, string v) { _v = v; }

                public static async Task<Forwarding> CreateAsync(string a) => new Forwarding(a, await LoadAsync(a));
            }

            public class NoFactory
            {
                private static Task<string> LoadAsync(string a) => Task.FromResult(a);

                public NoFactory(string a) : this(a, LoadAsync(a).[|Result|])
                {
                }

                private NoFactory(string a, string v) { }
            }

            public class BodyDoesMore
            {
                private static Task<string> LoadAsync(string a) => Task.FromResult(a);

                public BodyDoesMore(string a) : this(a, LoadAsync(a).[|Result|])
                {
                    System.Console.WriteLine(a);
                }

                private BodyDoesMore(string a, string v) { }

                public static Task<BodyDoesMore> CreateAsync(string a) => Task.FromResult(new BodyDoesMore(a));
            }
            """);
    }
}
