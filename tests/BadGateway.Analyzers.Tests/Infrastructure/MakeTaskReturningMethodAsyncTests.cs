using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.Tests.Infrastructure;

/// <summary>
/// <see cref="AsyncConversion.PlanMakeTaskReturningMethodAsync"/>: a Task-returning method (or local function) named
/// <c>M</c> made async in place, applied and cleaned up as a fix does.
/// </summary>
public class MakeTaskReturningMethodAsyncTests
{
    /// <summary>The document after the plan for <c>M</c>, or null where there is no plan.</summary>
    private static async Task<string?> MakeAsync(string source)
    {
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { ("Test.cs", source) });
        var document = project.Documents.Single();
        var root = (await document.GetSyntaxRootAsync())!;
        var model = (await document.GetSemanticModelAsync())!;
        var method = root.DescendantNodes().First(n =>
            n is MethodDeclarationSyntax { Identifier.ValueText: "M" } or LocalFunctionStatementSyntax { Identifier.ValueText: "M" });
        var plan = AsyncConversion.PlanMakeTaskReturningMethodAsync(method, model, CancellationToken.None);
        if (plan is null)
        {
            return null;
        }

        var editor = new SyntaxEditor(root, project.Solution.Workspace.Services);
        foreach (var (node, replace) in plan.OrderBy(e => e.Node.Span.Length))
        {
            editor.ReplaceNode(node, (current, _) => replace(current));
        }

        var changed = document.WithSyntaxRoot(AsyncConversion.RemoveDroppedReturns(editor.GetChangedRoot()));
        var cleaned = await DocumentCleanup.CleanupAsync(changed, CancellationToken.None);

        // The code-action clean-up that follows every fix: elastic trivia (the space after a new await) formatted.
        cleaned = await Formatter.FormatAsync(cleaned, SyntaxAnnotation.ElasticAnnotation);
        return (await cleaned.GetTextAsync()).ToString();
    }

    [Fact]
    public async Task ExpressionBody_FromResult_IsUnwrapped()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                public static Task<int> M(int x) => Task.FromResult(x + 1);
            }
            """);
        Assert.Equal("""
            using System.Threading.Tasks;
            class C
            {
                public static async Task<int> M(int x) => x + 1;
            }
            """, result);
    }

    [Fact]
    public async Task ExpressionBody_OfNonGenericTask_IsAwaited()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task M() => Task.Delay(1);
            }
            """);
        Assert.Equal("""
            using System.Threading.Tasks;
            class C
            {
                async Task M() => await Task.Delay(1);
            }
            """, result);
    }

    [Fact]
    public async Task GenericTask_FromResultIsUnwrapped_OtherReturnsAwaited()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task<int> M(bool b)
                {
                    if (b)
                    {
                        return Task.FromResult(1);
                    }

                    return Other();
                }

                Task<int> Other() => Task.FromResult(2);
            }
            """);
        Assert.Equal("""
            using System.Threading.Tasks;
            class C
            {
                async Task<int> M(bool b)
                {
                    if (b)
                    {
                        return 1;
                    }

                    return await Other();
                }

                Task<int> Other() => Task.FromResult(2);
            }
            """, result);
    }

    [Fact]
    public async Task CompletedTask_AsLastStatement_IsDropped_ElsewhereBecomesReturn()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task M(bool b)
                {
                    if (b)
                    {
                        return Task.CompletedTask;
                    }

                    System.Console.WriteLine();
                    return Task.CompletedTask;
                }
            }
            """);
        Assert.Equal("""
            using System.Threading.Tasks;
            class C
            {
                async Task M(bool b)
                {
                    if (b)
                    {
                        return;
                    }

                    System.Console.WriteLine();
                }
            }
            """, result);
    }

    [Fact]
    public async Task CommentOnDroppedReturn_IsKept()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task M()
                {
                    System.Console.WriteLine();
                    // nothing to wait for
                    return Task.CompletedTask;
                }
            }
            """);
        Assert.NotNull(result);
        Assert.Contains("// nothing to wait for", result, System.StringComparison.Ordinal);
        Assert.DoesNotContain("return", result, System.StringComparison.Ordinal);
        Assert.Contains("async Task M()", result, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalFunction_IsMadeAsync_ReturnsOfNestedLambdasAreLeftAlone()
    {
        var result = await MakeAsync("""
            using System;
            using System.Threading.Tasks;
            class C
            {
                void Outer()
                {
                    Task<int> M()
                    {
                        Func<Task<int>> f = () => { return Task.FromResult(2); };
                        return Task.FromResult(1);
                    }
                }
            }
            """);
        Assert.Equal("""
            using System;
            using System.Threading.Tasks;
            class C
            {
                void Outer()
                {
                    async Task<int> M()
                    {
                        Func<Task<int>> f = () => { return Task.FromResult(2); };
                        return 1;
                    }
                }
            }
            """, result);
    }

    [Fact]
    public async Task NonGenericTask_ReturningAnotherTask_HasNoPlan()
    {
        Assert.Null(await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task M()
                {
                    return Task.Delay(1);
                }
            }
            """));
    }

    [Fact]
    public async Task Iterator_HasNoPlan()
    {
        Assert.Null(await MakeAsync("""
            using System.Collections.Generic;
            class C
            {
                IEnumerable<int> M()
                {
                    yield return 1;
                }
            }
            """));
    }

    [Fact]
    public async Task HalfTypedMethod_DoesNotThrow()
    {
        var result = await MakeAsync("""
            using System.Threading.Tasks;
            class C
            {
                Task<int> M() { return Task.FromResult(
            """);
        Assert.NotNull(result);
        Assert.Contains("async Task<int> M()", result, System.StringComparison.Ordinal);
    }
}
