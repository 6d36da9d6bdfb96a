using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// <c>fuzz --fix-coverage --corpus DIR [--out FILE.md]</c>: for each project of the real-world corpus, the unchanged sources
/// (the listed commit, <c>src/owner+name</c>) compiled as its measured build compiled them (references, symbols, language
/// version, output kind, generated files from the build's <c>obj</c>), every BG report, and whether a fix is offered for it,
/// as the lightbulb asks (every fix provider's <c>RegisterCodeFixesAsync</c> on that one report). Prints a table per project
/// and rule, and the titles of the first actions.
/// </summary>
public static class FixCoverageCommand
{
    public static async Task<int> RunAsync(string corpus, string? output)
    {
        var logs = Path.Combine(corpus, "results", "after", "logs");
        var rows = new List<(string Project, string Tfm, string Rule, int Reports, int WithFix)>();
        var titles = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var unfixed = new List<string>();
        foreach (var log in Directory.GetFiles(logs, "*.measured.*.log").OrderBy(l => l, StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(log);
            var owner = fileName.Substring(0, fileName.IndexOf("__", StringComparison.Ordinal));
            var rest = fileName.Substring(owner.Length + 2);
            var projectName = rest.Substring(0, rest.IndexOf(".measured.", StringComparison.Ordinal));
            var tfm = rest.Substring(projectName.Length + ".measured.".Length).Replace(".log", string.Empty, StringComparison.Ordinal);
            var watch = Stopwatch.StartNew();
            var project = await CreateProjectAsync(corpus, owner, projectName, log).ConfigureAwait(false);
            if (project is null)
            {
                Console.WriteLine($"{owner} {projectName}: no csc line or sources; skipped");
                continue;
            }

            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var withAnalyzers = compilation.WithAnalyzers(FuzzEngine.AllAnalyzers, new CompilationWithAnalyzersOptions(project.AnalyzerOptions, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = (await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false))
                .Where(d => d.Id.StartsWith("BG", StringComparison.Ordinal) && d.Location.IsInSource)
                .ToList();
            var errorList = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var errors = errorList.Count;
            foreach (var error in errorList.GroupBy(e => e.Id).Take(3))
            {
                Console.WriteLine($"  {error.Count()} x {error.First()}");
            }

            foreach (var group in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var withFix = 0;
                foreach (var diagnostic in group)
                {
                    var first = await FirstTitleAsync(project, diagnostic).ConfigureAwait(false);
                    if (first is null)
                    {
                        unfixed.Add($"{owner} {projectName} {diagnostic.Id} {Path.GetFileName(diagnostic.Location.SourceTree!.FilePath)}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}: {LineText(diagnostic)}");
                        continue;
                    }

                    withFix++;
                    var key = diagnostic.Id + " " + Shape(first);
                    titles[key] = titles.GetValueOrDefault(key) + 1;
                }

                rows.Add((owner.Replace('+', '/') + " `" + projectName + "`", tfm, group.Key, group.Count(), withFix));
            }

            Console.WriteLine($"{owner} {projectName} ({tfm}): {project.DocumentIds.Count} files, {errors} compiler errors, {diagnostics.Count} BG reports, {watch.Elapsed.TotalSeconds:F0} s");
        }

        var text = new StringBuilder();
        text.AppendLine("| project | TFM | rule | reports | with a fix |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Project} | {row.Tfm} | {row.Rule} | {row.Reports} | {row.WithFix} |");
        }

        foreach (var rule in rows.GroupBy(r => r.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| **all** | | {rule.Key} | {rule.Sum(r => r.Reports)} | {rule.Sum(r => r.WithFix)} |");
        }

        text.AppendLine();
        text.AppendLine("First action offered, per rule:");
        text.AppendLine();
        foreach (var (title, count) in titles)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {title}: {count}");
        }

        text.AppendLine();
        text.AppendLine("Reports without a fix:");
        text.AppendLine();
        foreach (var line in unfixed)
        {
            text.AppendLine("- " + line.Replace("|", "\\|", StringComparison.Ordinal));
        }

        Console.WriteLine(text);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text.ToString()).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<Project?> CreateProjectAsync(string corpus, string owner, string projectName, string log)
    {
        CompilerCommandLine commandLine;
        try
        {
            commandLine = CompilerCommandLine.Read(log, projectName);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        // The build ran in a copy of the snapshot (work/NAME/build/...); the unchanged file is the snapshot's (src/owner+name/...),
        // generated files (obj/) exist only in the copy.
        var pristine = Path.Combine(corpus, "src", owner);
        var workspace = new AdhocWorkspace();
        var id = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(id, VersionStamp.Default, projectName, projectName, LanguageNames.CSharp, compilationOptions: commandLine.CompilationOptions.WithOutputKind(commandLine.OutputKind), parseOptions: commandLine.ParseOptions))
            .AddMetadataReferences(id, commandLine.References);
        var added = 0;
        foreach (var file in commandLine.SourceFiles)
        {
            var marker = file.IndexOf("/build/", StringComparison.Ordinal);
            var candidate = marker < 0 ? null : Path.Combine(pristine, file.Substring(marker + "/build/".Length));
            var path = candidate is not null && File.Exists(candidate) ? candidate : file;
            if (!File.Exists(path))
            {
                continue;
            }

            solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(path), SourceText.From(await File.ReadAllTextAsync(path).ConfigureAwait(false)), filePath: path);
            added++;
        }

        return added == 0 ? null : solution.GetProject(id);
    }

    private static async Task<string?> FirstTitleAsync(Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return null;
        }

        var actions = new List<CodeAction>();
        foreach (var fix in FuzzEngine.AllFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add(action); } }, CancellationToken.None)).ConfigureAwait(false);
        }

        return actions.FirstOrDefault()?.Title;
    }

    /// <summary>A title without the names it quotes: "Make 'Load' async and update callers" → "Make '…' async and update callers".</summary>
    private static string Shape(string title) => System.Text.RegularExpressions.Regex.Replace(title, "'[^']*'", "'…'");

    private static string LineText(Diagnostic diagnostic)
    {
        var line = diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString();
        var collapsed = string.Join(" ", line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > 140 ? collapsed.Substring(0, 140) + "…" : collapsed;
    }
}
