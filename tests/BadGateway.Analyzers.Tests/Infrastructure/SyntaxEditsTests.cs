using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VerifyBG0102 = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0102SyncCallInAsyncCodeAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0102SyncCallInAsyncCodeCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Infrastructure;

/// <summary><see cref="SyntaxEdits.RenameCall"/>: the one rename-the-call helper of BG0101's and BG0102's fixes and of AsyncConversion.</summary>
public class SyntaxEditsTests
{
    private static string RenameCall(string call, string newName) =>
        SyntaxEdits.RenameCall((InvocationExpressionSyntax)SyntaxFactory.ParseExpression(call), newName).ToFullString();

    [Theory]
    [InlineData("x.Read(buffer)", "x.ReadAsync(buffer)")]
    [InlineData("this.x.Read()", "this.x.ReadAsync()")]
    [InlineData("Read(a, b)", "ReadAsync(a, b)")]
    [InlineData("x.Read<int>(a)", "x.ReadAsync<int>(a)")]
    [InlineData("Read<int, string>()", "ReadAsync<int, string>()")]
    [InlineData("Task.WaitAll(a, b)", "Task.WhenAll(a, b)")]
    [InlineData("global::System.Threading.Tasks.Task.WaitAny(ts)", "global::System.Threading.Tasks.Task.WhenAny(ts)")]
    public void RenamesTheMethod_KeepsReceiverTypeArgumentsAndArguments(string call, string expected)
    {
        var newName = call.Contains("Wait", System.StringComparison.Ordinal)
            ? (call.Contains("WaitAll", System.StringComparison.Ordinal) ? "WhenAll" : "WhenAny")
            : "ReadAsync";
        Assert.Equal(expected, RenameCall(call, newName));
    }

    [Theory]
    [InlineData("x . /* a */ Read /* b */ (1)", "x . /* a */ ReadAsync /* b */ (1)")]
    [InlineData("x\n    .Read()", "x\n    .ReadAsync()")]
    [InlineData("/* a */ Read /* b */ ()", "/* a */ ReadAsync /* b */ ()")]
    [InlineData("x./* a */Read/* b */<int>()", "x./* a */ReadAsync/* b */<int>()")]
    public void KeepsTriviaAroundTheName(string call, string expected)
    {
        Assert.Equal(expected, RenameCall(call, "ReadAsync"));
    }

    [Fact]
    public void MemberBindingOfAConditionalAccess_IsRenamed()
    {
        var access = (ConditionalAccessExpressionSyntax)SyntaxFactory.ParseExpression("s?.Dispose()");
        var renamed = SyntaxEdits.RenameCall((InvocationExpressionSyntax)access.WhenNotNull, "DisposeAsync");
        Assert.Equal(".DisposeAsync()", renamed.ToFullString());
    }

    [Theory]
    [InlineData("Create()()")]
    [InlineData("handlers[0](e)")]
    [InlineData("(f ?? g)(1)")]
    public void CallOfSomethingElseThanANamedMethod_IsReturnedAsItIs(string call)
    {
        var invocation = (InvocationExpressionSyntax)SyntaxFactory.ParseExpression(call);
        Assert.Same(invocation, SyntaxEdits.RenameCall(invocation, "ReadAsync"));
    }

    [Fact]
    public void Rename_OfAGenericOrAnIdentifierName_KeepsTheTypeArguments()
    {
        Assert.Equal("MAsync<T>", SyntaxEdits.Rename((GenericNameSyntax)SyntaxFactory.ParseName("M<T>"), "MAsync").ToFullString());
        Assert.Equal("MAsync", SyntaxEdits.Rename(SyntaxFactory.IdentifierName("M"), "MAsync").ToFullString());
    }

    [Fact]
    public async Task BG0102_GenericSibling_KeepsItsTypeArguments()
    {
        await VerifyBG0102.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;

            class Store
            {
                public T Load<T>(string key) => default!;
                public Task<T> LoadAsync<T>(string key) => Task.FromResult<T>(default!);
            }

            class C
            {
                T Get<T>() => default!;
                Task<T> GetAsync<T>() => Task.FromResult<T>(default!);

                async Task<int> M(Store store)
                {
                    await Task.Yield();
                    var count = store.[|Load<int>|]("count");
                    return count + [|Get<int>|]();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class Store
            {
                public T Load<T>(string key) => default!;
                public Task<T> LoadAsync<T>(string key) => Task.FromResult<T>(default!);
            }

            class C
            {
                T Get<T>() => default!;
                Task<T> GetAsync<T>() => Task.FromResult<T>(default!);

                async Task<int> M(Store store)
                {
                    await Task.Yield();
                    var count = await store.LoadAsync<int>("count");
                    return count + await GetAsync<int>();
                }
            }
            """);
    }
}
