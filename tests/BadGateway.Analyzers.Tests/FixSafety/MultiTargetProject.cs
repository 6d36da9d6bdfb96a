using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using BadGateway.Analyzers.Tests.Robustness;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// A multi-targeting project as Visual Studio and <c>dotnet format</c> (MSBuildWorkspace) load it: one project per
/// target framework, each with its own copy of the same file (linked documents). The analyzers run in the first
/// target framework, as the IDE's active context does; a fix's text is then compiled in every target framework.
/// </summary>
internal sealed class MultiTargetProject
{
    private const string FilePath = "/consumer/Test.cs";

    private MultiTargetProject(Solution solution, ImmutableArray<ProjectId> projects)
    {
        Solution = solution;
        Projects = projects;
    }

    public Solution Solution { get; }

    public ImmutableArray<ProjectId> Projects { get; }

    public static Target Net80 { get; } = new("net8.0", ReferenceAssemblyPresets.Net80, "NET", "NET8_0", "NET8_0_OR_GREATER", "NETCOREAPP");

    public static Target NetStandard20 { get; } = new("netstandard2.0", ReferenceAssemblies.NetStandard.NetStandard20, "NETSTANDARD", "NETSTANDARD2_0");

    public static Target Net472 { get; } = new("net472", ReferenceAssemblies.NetFramework.Net472.Default.AddAssemblies(ImmutableArray.Create("System.Net.Http")), "NETFRAMEWORK", "NET472");

    /// <summary>.NET Framework 4.6.1 over the 1.0.3 reference-assembly package (the SDK preset asks for one not served here).</summary>
    public static Target Net461 { get; } = new(
        "net461",
        new ReferenceAssemblies("net461", new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net461", "1.0.3"), Path.Combine("build", ".NETFramework", "v4.6.1"))
            .AddAssemblies(ReferenceAssemblies.NetFramework.Net461.Default.Assemblies)
            .AddFacadeAssemblies(ReferenceAssemblies.NetFramework.Net461.Default.FacadeAssemblies)
            .AddAssemblies(ImmutableArray.Create("System.Net.Http")),
        "NETFRAMEWORK", "NET461");

    public static async Task<MultiTargetProject> CreateAsync(string source, OutputKind kind, params Target[] targets)
    {
        var (solution, projects) = await CreateSolutionAsync(new[] { (Path.GetFileName(FilePath), source) }, kind, targets).ConfigureAwait(false);
        return new MultiTargetProject(solution, projects);
    }

    /// <summary>One project per target framework, each with its own copy of every file (under <c>/consumer/</c>).</summary>
    public static async Task<(Solution Solution, ImmutableArray<ProjectId> Projects)> CreateSolutionAsync(IReadOnlyList<(string Name, string Source)> files, OutputKind kind, params Target[] targets)
    {
        var solution = new AdhocWorkspace().CurrentSolution;
        var projects = ImmutableArray.CreateBuilder<ProjectId>();
        foreach (var target in targets)
        {
            var id = ProjectId.CreateNewId();
            var references = await target.References.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false);
            solution = solution
                .AddProject(ProjectInfo.Create(
                    id,
                    VersionStamp.Default,
                    $"Consumer({target.Name})",
                    "Consumer",
                    LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: target.Symbols)))
                .AddMetadataReferences(id, references);
            foreach (var (name, source) in files)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(id), name, SourceText.From(source), filePath: "/consumer/" + name);
            }

            projects.Add(id);
        }

        return (solution, projects.ToImmutable());
    }

    public Document DocumentIn(int target) => Solution.GetProject(Projects[target])!.Documents.Single();

    /// <summary>The BG diagnostics of <paramref name="id"/> in one target framework.</summary>
    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string id, int target = 0)
    {
        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(Solution.GetProject(Projects[target])!).ConfigureAwait(false);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Id == id).ToImmutableArray();
    }

    /// <summary>Each action offered for <paramref name="diagnostic"/>, with the file's text once it is applied.</summary>
    public async Task<IReadOnlyList<(string Title, string Text)>> FixesAsync(Diagnostic diagnostic, int target = 0)
    {
        var fixes = new List<(string, string)>();
        foreach (var action in await AnalyzerHarness.FixesForAsync(Solution.GetProject(Projects[target])!, diagnostic).ConfigureAwait(false))
        {
            fixes.Add((action.Title, await TextAfterAsync(await AnalyzerHarness.ApplyAsync(action, Solution).ConfigureAwait(false)).ConfigureAwait(false)));
        }

        return fixes;
    }

    /// <summary>
    /// Fix All of one rule over every target framework at once, as <c>dotnet format</c> runs it: the diagnostics of every
    /// copy of the file, solution scope. The copies must come out identical (else the workspace writes merge-conflict markers).
    /// </summary>
    public async Task<string> FixAllAsync(string id, string equivalenceKey)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        for (var target = 0; target < Projects.Length; target++)
        {
            diagnostics.AddRange(await DiagnosticsAsync(id, target).ConfigureAwait(false));
        }

        var fix = AnalyzerHarness.Fixes.Single(f => f.FixableDiagnosticIds.Contains(id));
        var context = new FixAllContext(
            Solution.GetProject(Projects[0])!,
            fix,
            FixAllScope.Solution,
            equivalenceKey,
            fix.FixableDiagnosticIds,
            new StaticDiagnosticProvider(diagnostics.ToImmutable()),
            CancellationToken.None);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context).ConfigureAwait(false);
        Assert.NotNull(action);
        return await TextAfterAsync(await AnalyzerHarness.ApplyAsync(action!, Solution).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Compiler errors of every target framework once the file has <paramref name="text"/>, as "net8.0: CS0117 ...".</summary>
    public async Task<IReadOnlyList<string>> ErrorsEverywhereAsync(string text)
    {
        var errors = new List<string>();
        var solution = Solution;
        foreach (var project in Projects)
        {
            solution = solution.WithDocumentText(solution.GetProject(project)!.Documents.Single().Id, SourceText.From(text));
        }

        foreach (var project in Projects)
        {
            var compilation = (await solution.GetProject(project)!.GetCompilationAsync().ConfigureAwait(false))!;
            errors.AddRange(compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{solution.GetProject(project)!.Name}: {d}"));
        }

        return errors;
    }

    /// <summary>The file's text in <paramref name="changed"/>: the one copy that changed (all changed copies must agree).</summary>
    private async Task<string> TextAfterAsync(Solution changed)
    {
        var texts = new HashSet<string>();
        foreach (var project in Projects)
        {
            var before = (await Solution.GetProject(project)!.Documents.Single().GetTextAsync().ConfigureAwait(false)).ToString();
            var after = (await changed.GetProject(project)!.Documents.Single().GetTextAsync().ConfigureAwait(false)).ToString();
            if (after != before)
            {
                texts.Add(after);
            }
        }

        Assert.True(texts.Count <= 1, "The copies of the file were changed differently:\n" + string.Join("\n----\n", texts));
        return texts.SingleOrDefault() ?? (await DocumentIn(0).GetTextAsync().ConfigureAwait(false)).ToString();
    }

    internal sealed record Target(string Name, ReferenceAssemblies References, params string[] Symbols);
}
