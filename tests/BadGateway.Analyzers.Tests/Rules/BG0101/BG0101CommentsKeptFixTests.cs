using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using Xunit;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 "Use await" keeps the comments written between the task and its wait (<c>task /* why */ .Result</c>, a comment
/// line before <c>.GetAwaiter()</c>): they used to go with the wait's tokens.
/// </summary>
public class BG0101CommentsKeptFixTests
{
    private static Task UseAwaitAsync(string body, string fixedBody) =>
        new VerifyCS.Test
        {
            TestCode = InClass(body),
            FixedCode = InClass(fixedBody),
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
        }.RunAsync();

    private static string InClass(string body) => $$"""
        using System.Threading.Tasks;

        class Lookup
        {
            private static Task<string> NameAsync(int id) => Task.FromResult(id.ToString());

            public async Task<string> FirstAsync(int id)
            {
                await Task.Yield();
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task BlockCommentBeforeResult_IsKept()
    {
        await UseAwaitAsync(
            """
                    var name = NameAsync(id) /* cached */ .[|Result|];
                    return name;
            """,
            """
                    var name = await NameAsync(id) /* cached */;
                    return name;
            """);
    }

    [Fact]
    public async Task BlockCommentsInsideGetAwaiterGetResult_AreKept()
    {
        await UseAwaitAsync(
            """
                    return NameAsync(id)./* a */GetAwaiter()./* b */[|GetResult|]();
            """,
            """
                    return await NameAsync(id) /* a */ /* b */;
            """);
    }

    [Fact]
    public async Task LineCommentBeforeWait_IsKept_AndTheStatementStillCompiles()
    {
        await UseAwaitAsync(
            """
                    var name = NameAsync(id) // the first one
                        .[|Result|];
                    return name;
            """,
            """
                    var name = await NameAsync(id) // the first one
            ;
                    return name;
            """);
    }

    [Fact]
    public async Task CommentsInsideTheTask_AndAroundTheStatement_AreKeptOnce()
    {
        await UseAwaitAsync(
            """
                    // before
                    var name = NameAsync(/* id */ id).[|Result|]; // after
                    return name;
            """,
            """
                    // before
                    var name = await NameAsync(/* id */ id); // after
                    return name;
            """);
    }
}
