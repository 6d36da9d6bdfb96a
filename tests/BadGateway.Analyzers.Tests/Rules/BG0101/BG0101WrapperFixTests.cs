using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 (issue #15): "Add 'MAsync' and keep 'M' as a wrapper" for public API of a library and members the framework
/// calls, "Implement IAsyncDisposable and keep 'Dispose' as a wrapper", and the forward BG0101 no longer reports.
/// </summary>
public class BG0101WrapperFixTests
{
    private static Task VerifyAsync(string source, string fixedSource, string equivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey) =>
        new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey }.RunAsync();

    [Fact]
    public async Task Wrapper_ReturningMethod_ExpressionBodied()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                public async Task<int> GetAsync(Task<int> t) => await t;
            }
            """);
    }

    [Fact]
    public async Task Wrapper_VoidStaticMethodWithBlockBody_KeepsDocComment()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            public static class Store
            {
                /// <summary>Saves.</summary>
                /// <param name="write">The write.</param>
                public static void Save(Task write)
                {
                    // before
                    Console.WriteLine("saving");
                    write.[|Wait|](); // the wait
                }

                public static void Other() { }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            public static class Store
            {
                /// <summary>Saves.</summary>
                /// <param name="write">The write.</param>
                public static void Save(Task write) => SaveAsync(write).GetAwaiter().GetResult();

                /// <inheritdoc cref="Save"/>
                public static async Task SaveAsync(Task write)
                {
                    // before
                    Console.WriteLine("saving");
                    await write; // the wait
                }

                public static void Other() { }
            }
            """);
    }
}
