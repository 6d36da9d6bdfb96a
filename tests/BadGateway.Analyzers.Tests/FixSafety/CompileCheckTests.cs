using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// The compile check every fix goes through (<see cref="TargetFrameworks.CompilesEverywhereAsync"/>) reads the documents a
/// fix changed, and also the unchanged files that still use a name the fix declared away: a missed caller of a renamed
/// method fails the check instead of the build (elastic-transport-net on the real-world corpus, where the caller was in a
/// file only other target frameworks compile).
/// </summary>
public class CompileCheckTests
{
    private const string Helper = """
        using System.Threading.Tasks;

        internal static class Helper
        {
            public static int Get(Task<int> t) => t.Result;

            public static int Get(Task<int> t, int fallback) => t.IsCompleted ? t.Result : fallback;
        }
        """;

    private const string User = """
        using System.Threading.Tasks;

        internal class User
        {
            public int Run(Task<int> t) => Helper.Get(t) + 1;
        }
        """;

    private const string Other = """
        internal class Other
        {
            public int Count() => 1;
        }
        """;

    [Fact]
    public async Task ARenameWhoseCallerIsInAnUnchangedFile_FailsTheCheck()
    {
        var (solution, projects) = await CreateAsync();
        var changed = WithText(solution, projects, "Helper.cs", Helper.Replace("public static int Get(Task<int> t) => t.Result;", "public static async Task<int> GetAsync(Task<int> t) => await t;"));

        Assert.False(await TargetFrameworks.CompilesEverywhereAsync(solution, changed, CancellationToken.None));
    }

    [Fact]
    public async Task ARenameWithItsCallerUpdated_PassesTheCheck()
    {
        var (solution, projects) = await CreateAsync();
        var changed = WithText(solution, projects, "Helper.cs", Helper.Replace("public static int Get(Task<int> t) => t.Result;", "public static async Task<int> GetAsync(Task<int> t) => await t;"));
        changed = WithText(changed, projects, "User.cs", User.Replace("public int Run(Task<int> t) => Helper.Get(t) + 1;", "public async Task<int> RunAsync(Task<int> t) => await Helper.GetAsync(t) + 1;"));

        Assert.True(await TargetFrameworks.CompilesEverywhereAsync(solution, changed, CancellationToken.None));
    }

    [Fact]
    public async Task ABodyChangeThatKeepsEveryName_PassesTheCheck()
    {
        var (solution, projects) = await CreateAsync();
        var changed = WithText(solution, projects, "Helper.cs", Helper.Replace("=> t.Result;", "=> t.GetAwaiter().GetResult();"));

        Assert.True(await TargetFrameworks.CompilesEverywhereAsync(solution, changed, CancellationToken.None));
    }

    /// <summary>The dotnet format shape: the fix changed one framework's copy only.</summary>
    private static Solution WithText(Solution solution, ImmutableArray<ProjectId> projects, string name, string text) =>
        solution.WithDocumentText(solution.GetProject(projects[1])!.Documents.Single(d => d.Name == name).Id, SourceText.From(text));

    private static Task<(Solution Solution, ImmutableArray<ProjectId> Projects)> CreateAsync() =>
        MultiTargetProject.CreateSolutionAsync(
            new[] { ("Helper.cs", Helper), ("User.cs", User), ("Other.cs", Other) },
            OutputKind.DynamicallyLinkedLibrary,
            MultiTargetProject.Net80,
            MultiTargetProject.Net472);
}
