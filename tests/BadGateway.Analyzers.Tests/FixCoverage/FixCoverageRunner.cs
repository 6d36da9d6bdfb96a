using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Robustness;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.FixCoverage;

/// <summary>What happened to one report: the first fix offered (or none), and what was wrong with it.</summary>
internal sealed record ReportOutcome(string Rule, string Where, string LineText, string? FixTitle, string? NoFixReason, IReadOnlyList<string> Problems)
{
    public bool Fixed => FixTitle is not null;
}

/// <summary>
/// Runs every report of a project through its fixes as a user would: the first action offered is applied to the original
/// solution, and its result must compile with no error the original did not have (parsed again from its text, as it is
/// written to disk), must no longer hold the report, and must hold no BG report the original did not.
/// </summary>
internal static class FixCoverageRunner
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ImmutableArray<MetadataReference>>>> s_references = new();

    public static async Task<Project> CreateProjectAsync(FixCoverageCase coverageCase)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var kind = coverageCase.IsExecutable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Case",
                "Case",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: AnalyzerHarness.ParseOptions))
            .AddMetadataReferences(projectId, await ReferencesAsync(coverageCase.Target).ConfigureAwait(false))
            .AddDocument(DocumentId.CreateNewId(projectId), "Case.cs", SourceText.From(coverageCase.Source), filePath: "/case/Case.cs");
        if (coverageCase.EditorConfig.Count > 0)
        {
            var editorConfig = "root = true\n\n[*.cs]\n" + string.Join("\n", coverageCase.EditorConfig) + "\n";
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/case/.editorconfig");
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>The outcome of each report of <paramref name="rule"/> in <paramref name="project"/>, and the problems of the project itself.</summary>
    public static async Task<(IReadOnlyList<ReportOutcome> Reports, IReadOnlyList<string> Problems)> RunAsync(Project project, string rule, Func<Diagnostic, string> where)
    {
        var problems = new List<string>();
        var errorsBefore = await ErrorsAsync(project.Solution).ConfigureAwait(false);
        if (errorsBefore.Count > 0)
        {
            problems.Add("does not compile: " + string.Join("; ", errorsBefore.Take(3)));
        }

        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project).ConfigureAwait(false);
        problems.AddRange(exceptions.Select(e => "analyzer exception: " + e));
        var reports = diagnostics.Where(d => d.Id == rule).OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToList();
        var outcomes = new List<ReportOutcome>();
        foreach (var report in reports)
        {
            outcomes.Add(await RunAsync(project, report, diagnostics, errorsBefore, where(report)).ConfigureAwait(false));
        }

        return (outcomes, problems);
    }

    private static async Task<ReportOutcome> RunAsync(Project project, Diagnostic report, ImmutableArray<Diagnostic> before, IReadOnlyList<string> errorsBefore, string where)
    {
        var lineText = AnalyzerHarness.LineText(report);
        var reason = FixCoverageCase.NoFixReason(lineText);
        var problems = new List<string>();
        var actions = await AnalyzerHarness.FixesForAsync(project, report).ConfigureAwait(false);
        if (actions.Count == 0)
        {
            if (reason is null)
            {
                problems.Add($"no fix, and the line has no '{FixCoverageCase.NoFixMark}' mark");
            }

            return new ReportOutcome(report.Id, where, lineText, null, reason, problems);
        }

        var action = actions[0];
        if (reason is not null)
        {
            problems.Add($"marked no-fix ({reason}), but '{action.Title}' is offered");
        }

        var changed = await AnalyzerHarness.ApplyAsync(action, project.Solution).ConfigureAwait(false);
        if (changed == project.Solution)
        {
            problems.Add($"'{action.Title}' changes nothing");
            return new ReportOutcome(report.Id, where, lineText, action.Title, reason, problems);
        }

        changed = await AnalyzerHarness.ReparsedAsync(changed, project.Id).ConfigureAwait(false);

        var errorsAfter = await ErrorsAsync(changed).ConfigureAwait(false);
        var newErrors = errorsAfter.ToList();
        foreach (var error in errorsBefore)
        {
            newErrors.Remove(error);
        }

        problems.AddRange(newErrors.Select(e => $"'{action.Title}' adds the error {e}"));

        var (after, exceptions) = await AnalyzerHarness.AnalyzeAsync(changed.GetProject(project.Id)!).ConfigureAwait(false);
        problems.AddRange(exceptions.Select(e => "analyzer exception after the fix: " + e));
        if (after.Count(d => d.Id == report.Id) >= before.Count(d => d.Id == report.Id))
        {
            problems.Add($"'{action.Title}' leaves the report");
        }

        problems.AddRange(Added(before, after).Select(d => $"'{action.Title}' adds {AnalyzerHarness.Describe(d)}"));
        return new ReportOutcome(report.Id, where, lineText, action.Title, reason, problems);
    }

    /// <summary>
    /// <see cref="AnalyzerHarness.NewDiagnostics"/>, less those of an id that was reported on the same line before: a report
    /// whose message quotes code the fix rewrote (<c>outer.Result.Result</c> → <c>(await outer).Result</c>, BG0302 naming the
    /// request a BG0301 fix changed) is the same report. That the fixed report itself is gone is checked by its count.
    /// </summary>
    private static IEnumerable<Diagnostic> Added(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after)
    {
        static int Line(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line;
        return AnalyzerHarness.NewDiagnostics(before, after)
            .Where(d => !before.Any(b => b.Id == d.Id && b.Location.SourceTree?.FilePath == d.Location.SourceTree?.FilePath && Line(b) == Line(d)));
    }

    /// <summary>Compiler errors of every project, without positions (a fix moves lines): "CS0103: The name 'x' does not exist...".</summary>
    private static async Task<IReadOnlyList<string>> ErrorsAsync(Solution solution)
    {
        var errors = new List<string>();
        foreach (var project in solution.Projects)
        {
            var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
            errors.AddRange(compilation!.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
        }

        return errors;
    }

    private static Task<ImmutableArray<MetadataReference>> ReferencesAsync(string target) =>
        s_references.GetOrAdd(target, t => new Lazy<Task<ImmutableArray<MetadataReference>>>(() => Preset(t).ResolveAsync(LanguageNames.CSharp, CancellationToken.None))).Value;

    private static ReferenceAssemblies Preset(string target) => target switch
    {
        "net48" => ReferenceAssemblyPresets.Net48,
        "net48-web" => ReferenceAssemblyPresets.Net48WithSystemWeb,
        "net8.0-factory" => ReferenceAssemblyPresets.Net80WithHttpClientFactory,
        _ => ReferenceAssemblyPresets.Net80,
    };
}
