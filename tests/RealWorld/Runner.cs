using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>Builds one corpus project per target framework with the packed analyzers, then runs `dotnet format` on a fresh copy and rebuilds.</summary>
internal sealed class Runner
{
    private static readonly string[] FormatIds = { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" };

    private readonly string _corpus;
    private readonly string _analyzers;
    private readonly string _targets;
    private readonly string _resultsDirectory;

    public Runner(string corpus, string analyzers, string targets, string resultsDirectory)
    {
        _corpus = corpus;
        _analyzers = analyzers;
        _targets = targets;
        _resultsDirectory = resultsDirectory;
    }

    public ProjectResult Run(CorpusProject project, bool format, bool reportsOnly, bool measureEveryTfm = false)
    {
        var result = new ProjectResult
        {
            Repo = project.Repo,
            Commit = project.Commit,
            Project = project.ProjectPath,
            Kind = project.Kind,
            Tfms = project.TargetFrameworks.ToList(),
            FixUps = project.FixUps.Select(f => f.ToString()).ToList(),
        };

        var source = Path.Combine(_corpus, "src", project.Folder);
        if (!Directory.Exists(source))
        {
            result.Failure = $"not extracted: {source} (run `extract` first)";
            return result;
        }

        var work = Path.Combine(_corpus, "work", project.Slug);
        var build = Fresh(source, Path.Combine(work, "build"), project);
        var projectFile = Path.Combine(build, project.ProjectPath);
        result.Files = CountSources(Path.GetDirectoryName(projectFile)!);

        Log($"{project.Display}: restore");
        var restore = Dotnet(project, projectFile, withAnalyzers: true, sarif: null, "restore", projectFile);
        if (restore.ExitCode != 0)
        {
            result.Failure = "restore failed: " + string.Join(" | ", BuildLog.Errors(restore.Output).Take(5));
            Save(project, "restore", restore);
            return result;
        }

        var reports = new Dictionary<(string, string, int, string), Report>();
        // Every TFM is built for its reports; the first listed is then measured (a from-scratch compile of the project alone).
        foreach (var tfm in project.TargetFrameworks)
        {
            result.Builds.Add(ReportsOnly(project, build, projectFile, tfm, reports));
        }

        // The first TFM is measured; with measureEveryTfm every one that built (their -v:d logs give the benchmark each
        // target framework's compiler arguments, to load a multi-targeting project as linked copies).
        for (var i = 0; i < (measureEveryTfm ? result.Builds.Count : Math.Min(1, result.Builds.Count)); i++)
        {
            if (!reportsOnly && result.Builds[i].ExitCode == 0)
            {
                result.Builds[i] = Measure(project, build, projectFile, project.TargetFrameworks[i], reports);
            }
        }

        result.Reports = reports.Values.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        if (format)
        {
            result.Format = FormatAndRebuild(project, source, work);
        }

        return result;
    }

    /// <summary>One build per TFM, for the reports only (no measured rebuild): a baseline in half the time.</summary>
    private TfmBuild ReportsOnly(CorpusProject project, string root, string projectFile, string tfm, Dictionary<(string, string, int, string), Report> reports)
    {
        Log($"{project.Display} [{tfm}]: build (reports only)");
        var sarif = Path.Combine(_resultsDirectory, "sarif", $"{project.Slug}.{tfm}.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(sarif)!);
        File.Delete(sarif);
        var build = Dotnet(project, projectFile, withAnalyzers: true, sarif, "build", projectFile, "--no-restore", "-f", tfm);
        Save(project, "build." + tfm, build);
        Collect(project, root, tfm, sarif, reports);
        Log($"{project.Display} [{tfm}]: exit {build.ExitCode}, {reports.Count} report(s) so far");
        return new TfmBuild { Tfm = tfm, ExitCode = build.ExitCode, Errors = BuildLog.Errors(build.Output).Take(20).ToList(), AnalyzerExceptions = BuildLog.AnalyzerExceptions(build.Output) };
    }

    private static void Collect(CorpusProject project, string root, string tfm, string sarif, Dictionary<(string, string, int, string), Report> reports)
    {
        foreach (var (file, line, id, message) in BuildLog.SarifReports(sarif, root))
        {
            var key = (project.Repo, file, line, id);
            if (!reports.TryGetValue(key, out var report))
            {
                report = new Report { Repo = project.Repo, Project = project.ProjectPath, File = file, Line = line, Id = id, Message = message };
                reports.Add(key, report);
            }

            if (!report.Tfms.Contains(tfm))
            {
                report.Tfms.Add(tfm);
            }
        }
    }

    private TfmBuild Measure(CorpusProject project, string root, string projectFile, string tfm, Dictionary<(string, string, int, string), Report> reports)
    {
        Log($"{project.Display} [{tfm}]: measured build");
        var sarif = Path.Combine(_resultsDirectory, "sarif", $"{project.Slug}.{tfm}.measured.sarif");
        File.Delete(sarif);
        var measured = Dotnet(project, projectFile, withAnalyzers: true, sarif, "build", projectFile, "--no-restore", "-f", tfm, "--no-incremental",
            "-p:BuildProjectReferences=false", "-v:d", "-clp:PerformanceSummary");
        Save(project, "measured." + tfm, measured);
        Collect(project, root, tfm, sarif, reports);
        var (ruleMs, totalMs) = BuildLog.AnalyzerTimes(measured.Output);
        var tfmBuild = new TfmBuild
        {
            Tfm = tfm,
            ExitCode = measured.ExitCode,
            Errors = BuildLog.Errors(measured.Output).Take(20).ToList(),
            CoreCompileMs = BuildLog.CoreCompileMs(measured.Output),
            AnalyzerTotalMs = totalMs,
            RuleMs = ruleMs,
            AnalyzerExceptions = BuildLog.AnalyzerExceptions(measured.Output),
        };
        Log($"{project.Display} [{tfm}]: CoreCompile {tfmBuild.CoreCompileMs:0} ms, BG {ruleMs.Values.Sum():0} ms");
        return tfmBuild;
    }

    private FormatResult FormatAndRebuild(CorpusProject project, string source, string work)
    {
        var copy = Fresh(source, Path.Combine(work, "format"), project);
        var projectFile = Path.Combine(copy, project.ProjectPath);
        var formatResult = new FormatResult { Ran = true };
        Log($"{project.Display}: dotnet format analyzers");
        Dotnet(project, projectFile, withAnalyzers: true, sarif: null, "restore", projectFile);
        var arguments = new List<string> { "format", "analyzers", projectFile, "--diagnostics" };
        arguments.AddRange(FormatIds);
        arguments.AddRange(new[] { "--severity", "info", "--no-restore", "-v", "diag" });
        var format = Dotnet(project, projectFile, withAnalyzers: true, sarif: null, arguments.ToArray());
        Save(project, "format", format);
        formatResult.ExitCode = format.ExitCode;
        formatResult.FixerFailures = format.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(IsFixerFailure)
            .Distinct(StringComparer.Ordinal)
            .Take(20)
            .ToList();
        formatResult.ChangedFiles = ChangedFiles(source, copy);

        foreach (var tfm in project.TargetFrameworks)
        {
            Log($"{project.Display} [{tfm}]: rebuild after format");
            var sarif = Path.Combine(_resultsDirectory, "sarif", $"{project.Slug}.{tfm}.after-format.sarif");
            File.Delete(sarif);
            var rebuild = Dotnet(project, projectFile, withAnalyzers: true, sarif, "build", projectFile, "--no-restore", "-f", tfm);
            Save(project, "rebuild." + tfm, rebuild);
            formatResult.Rebuilds.Add(new Rebuild
            {
                Tfm = tfm,
                ExitCode = rebuild.ExitCode,
                Errors = BuildLog.Errors(rebuild.Output).Take(20).ToList(),
                RemainingReports = BuildLog.SarifReports(sarif, copy).Count,
            });
        }

        return formatResult;
    }

    /// <summary>
    /// One timed rebuild of the project alone for its first TFM, through the compiler server as a developer's build
    /// runs (the machine's environment turns the server off; <c>-p:UseSharedCompilation=true</c> turns it back on),
    /// with the compiler's analyzer report. <paramref name="peers"/>: the peer analyzers in the same compile, with
    /// every analyzer diagnostic off but the measured rules (the peers' packages hold hundreds of other rules);
    /// <paramref name="environment"/>: more variables for the build and a server it starts (the perf map).
    /// </summary>
    public CommandOutcome SpeedBuild(CorpusProject project, SpeedPeers? peers, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var projectFile = Path.Combine(_corpus, "work", project.Slug, "build", project.ProjectPath);
        var extra = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["BG_RW_REPORT"] = "true",
            ["BG_RW_PEERS"] = peers is null ? null : string.Join(';', peers.Assemblies),
            ["BG_RW_PEERS_CONFIG"] = peers?.GlobalConfig,
        };

        return Dotnet(project, projectFile, withAnalyzers: true, sarif: null, extra, "build", projectFile, "--no-restore", "-f", project.TargetFrameworks[0], "--no-incremental",
            "-p:BuildProjectReferences=false", "-v:d", "-clp:PerformanceSummary", "-p:UseSharedCompilation=true");
    }

    /// <summary>Whether <see cref="Run"/> left a restored copy of the project to time.</summary>
    public bool IsRestored(CorpusProject project) =>
        File.Exists(Path.Combine(_corpus, "work", project.Slug, "build", project.ProjectPath));

    private CommandOutcome Dotnet(CorpusProject project, string projectFile, bool withAnalyzers, string? sarif, params string[] arguments) =>
        Dotnet(project, projectFile, withAnalyzers, sarif, null, arguments);

    private CommandOutcome Dotnet(CorpusProject project, string projectFile, bool withAnalyzers, string? sarif, IReadOnlyDictionary<string, string?>? extra, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["CustomAfterMicrosoftCommonTargets"] = _targets,
            ["CustomAfterMicrosoftCommonCrossTargetingTargets"] = _targets,
            ["BG_RW_PROJECT"] = projectFile,
            ["BG_RW_TFMS"] = string.Join(';', project.TargetFrameworks),
            ["BG_RW_FIXUPS"] = WriteFixUps(project),
            ["BG_RW_ANALYZERS"] = withAnalyzers ? _analyzers : null,
            ["BG_RW_SARIF"] = sarif,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        // dotnet format takes no -p: the prop= fix-ups reach its MSBuildWorkspace as environment properties.
        foreach (var fixUp in project.FixUps.Where(f => f.Kind == "prop"))
        {
            environment[fixUp.Name] = Uri.UnescapeDataString(fixUp.Value);
        }

        var all = arguments.ToList();
        if (arguments[0] != "format")
        {
            all.AddRange(project.Properties);

            // The SDK's own code-quality analyzers (CA rules) report nothing we read and double a build's time on 2 cores.
            all.Add("-p:EnableNETAnalyzers=false");
        }

        return Shell.Run("dotnet", all, Path.GetDirectoryName(projectFile)!, environment, TimeSpan.FromMinutes(30));
    }

    private string WriteFixUps(CorpusProject project)
    {
        var path = Path.Combine(_corpus, "work", project.Slug, "fixups.targets");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, project.FixUpsTargets());
        return path;
    }

    private static string Fresh(string source, string destination, CorpusProject project)
    {
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var copy = Shell.Run("cp", new[] { "-a", source, destination }, ".");
        if (copy.ExitCode != 0)
        {
            throw new IOException($"copy of {source} failed: {copy.Output}");
        }

        foreach (var fixUp in project.FixUps.Where(f => f.Kind == "rm"))
        {
            var path = Path.Combine(destination, fixUp.Name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        return destination;
    }

    private static int CountSources(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Count(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));

    private static int ChangedFiles(string pristine, string copy)
    {
        var changed = 0;
        foreach (var file in Directory.EnumerateFiles(copy, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var original = Path.Combine(pristine, Path.GetRelativePath(copy, file));
            if (!File.Exists(original) || !SHA256.HashData(File.ReadAllBytes(original)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(file))))
            {
                changed++;
            }
        }

        return changed;
    }

    private void Save(CorpusProject project, string step, CommandOutcome outcome)
    {
        var directory = Path.Combine(_resultsDirectory, "logs");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{project.Slug}.{step}.log"), $"$ {outcome.CommandLine}\n(exit {outcome.ExitCode}, {outcome.Elapsed.TotalSeconds:0} s)\n{outcome.Output}");
    }

    private static void Log(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    /// <summary>
    /// A line of <c>dotnet format</c>'s output that says a fix failed: "Failed to apply code fix", an unhandled exception,
    /// or an exception type (a word ending in "Exception") on a line naming BadGateway. "Exceptionless" is a project's name,
    /// not an exception: its "is using configuration from .../BadGateway.RealWorld.globalconfig" line counted as a failure.
    /// Also applied to the lines an earlier run stored, so its tables read the same way.
    /// </summary>
    internal static bool IsFixerFailure(string line) =>
        line.Contains("Failed to apply code fix", StringComparison.Ordinal)
        || line.Contains("Unhandled exception", StringComparison.Ordinal)
        || (ExceptionWord.IsMatch(line) && line.Contains("BadGateway", StringComparison.Ordinal));

    private static readonly System.Text.RegularExpressions.Regex ExceptionWord = new(@"Exception\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
