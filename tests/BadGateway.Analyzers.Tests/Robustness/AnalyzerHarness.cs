using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Conventions;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>Runs every BG analyzer and fix the way an IDE does: in-process, concurrently, on whatever code there is.</summary>
internal static class AnalyzerHarness
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_references = new(() =>
        ReferenceAssemblyPresets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = RuleCatalog.AnalyzerTypes
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixes { get; } = RuleCatalog.CodeFixTypes
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Task<ImmutableArray<MetadataReference>> ReferencesAsync() => s_references.Value;

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A one-project solution holding <paramref name="sources"/>.</summary>
    public static async Task<Project> CreateProjectAsync(IEnumerable<(string Name, string Text)> sources)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp, compilationOptions: CompilationOptions, parseOptions: ParseOptions))
            .AddMetadataReferences(projectId, await ReferencesAsync().ConfigureAwait(false));
        foreach (var (name, text) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/corpus/" + name);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>Every BG diagnostic of the project, and every exception an analyzer threw.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Exceptions)> AnalyzeAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        return (diagnostics.Where(d => d.Id.StartsWith("BG", StringComparison.Ordinal)).ToImmutableArray(), exceptions);
    }

    /// <summary>The code actions every fix offers for <paramref name="diagnostic"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> FixesForAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        var actions = new List<CodeAction>();
        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return actions;
        }

        foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add(action); } }, cancellationToken);
            await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }

        return actions;
    }

    public static async Task<Solution> ApplyAsync(CodeAction action, Solution solution, CancellationToken cancellationToken = default)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution ?? solution;
    }

    public static async Task<IReadOnlyList<string>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }

    /// <summary>Every comment of the project, as text.</summary>
    public static async Task<List<string>> CommentsAsync(Project project)
    {
        var comments = new List<string>();
        foreach (var document in project.Documents)
        {
            var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
            comments.AddRange(root!.DescendantTrivia(descendIntoTrivia: true)
                .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                .Select(t => t.ToString().Trim()));
        }

        return comments;
    }

    /// <summary>Fix All, project scope, for one fix and equivalence key.</summary>
    public static async Task<Solution> FixAllAsync(Project project, CodeFixProvider fix, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = fix.GetFixAllProvider();
        if (provider is null)
        {
            return project.Solution;
        }

        var context = new FixAllContext(
            project,
            fix,
            FixAllScope.Project,
            equivalenceKey,
            fix.FixableDiagnosticIds,
            new BadGateway.Analyzers.Corpus.StaticDiagnosticProvider(diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray()),
            CancellationToken.None);
        var action = await provider.GetFixAsync(context).ConfigureAwait(false);
        return action is null ? project.Solution : await ApplyAsync(action, project.Solution).ConfigureAwait(false);
    }
}
