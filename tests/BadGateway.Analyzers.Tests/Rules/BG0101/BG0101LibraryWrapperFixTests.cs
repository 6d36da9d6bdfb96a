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
}
