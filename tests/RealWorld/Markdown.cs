using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>Writes docs/real-world.md from a run, the judgments and the baseline.</summary>
internal static class Markdown
{
    public static void Write(string path, RunResult run, Dictionary<(string, string, int, string), Judgment> judgments, List<BaselineReport> baseline)
    {
        var text = new StringBuilder();
        var reports = run.Projects.SelectMany(p => p.Reports).ToList();
        text.AppendLine("# BadGateway.Analyzers on real code");
        text.AppendLine();
        text.AppendLine($"Written by `tests/RealWorld` (see its README for the commands) from run **{run.Label}**: analyzers at `{run.AnalyzerCommit}` (last run; each project's own in its row), {run.Started}, {run.Sdk}. "
            + "Every project is built with the freshly packed `.nupkg`'s analyzers for each listed target framework, every BG id raised to warning; "
            + "then `dotnet format analyzers` for all BG ids runs on a fresh copy and every target framework is rebuilt. "
            + "Third-party code is not in this repository: only `projects.txt`, `judgments.tsv` (one verdict per report, read in the code around it) and the runner.");
        text.AppendLine();
        WritePrecision(text, reports, judgments, baseline);
        WriteLost(text, run, reports, judgments, baseline);
        WriteProjects(text, run, baseline);
        WriteTimes(text, run);
        WriteFormat(text, run);
        WriteFalsePositives(text, reports, judgments);
        WriteFixUps(text, run);
        File.WriteAllText(path, text.ToString());
    }

    private static void WritePrecision(StringBuilder text, List<Report> reports, Dictionary<(string, string, int, string), Judgment> judgments, List<BaselineReport> baseline)
    {
        text.AppendLine("## Precision per rule");
        text.AppendLine();
        text.AppendLine("Precision is TP / (TP + FP) over the judged reports of this run; debatable reports are shown apart and count on neither side. "
            + "*Before* is the baseline run (`baseline.tsv`), judged the same way.");
        text.AppendLine();
        text.AppendLine("| rule | reports | judged | TP | debatable | FP | precision | before: reports | before: TP | before: FP | before: precision |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var id in BuildLog.RuleIds)
        {
            var now = reports.Where(r => r.Id == id).Select(r => r.Key).ToList();
            var before = baseline.Where(b => b.Id == id).Select(b => b.Key).ToList();
            var (judged, tp, deb, fp) = Count(now, judgments);
            var (_, btp, _, bfp) = Count(before, judgments);
            text.AppendLine($"| {id} | {now.Count} | {judged} | {tp} | {deb} | {fp} | {Precision(tp, fp)} | {before.Count} | {btp} | {bfp} | {Precision(btp, bfp)} |");
        }

        text.AppendLine();
    }

    private static void WriteLost(StringBuilder text, RunResult run, List<Report> reports, Dictionary<(string, string, int, string), Judgment> judgments, List<BaselineReport> baseline)
    {
        var now = reports.Select(r => r.Key).ToHashSet();
        var ran = run.Projects.Where(p => p.Failure is null).Select(p => (p.Repo, p.Project)).ToHashSet();
        var lost = baseline.Where(b => ran.Contains((b.Repo, b.Project)) && !now.Contains(b.Key) && judgments.TryGetValue(b.Key, out var j) && j.Verdict == "TP").ToList();
        var gone = baseline.Where(b => ran.Contains((b.Repo, b.Project)) && !now.Contains(b.Key)).ToList();
        text.AppendLine($"Reports of the baseline gone now: {gone.Count} ({gone.Count(b => judgments.TryGetValue(b.Key, out var j) && j.Verdict == "FP")} judged FP, "
            + $"{gone.Count(b => judgments.TryGetValue(b.Key, out var j) && j.Verdict == "DEBATABLE")} debatable, {lost.Count} judged TP, {gone.Count(b => !judgments.ContainsKey(b.Key))} unjudged).");
        foreach (var report in lost)
        {
            text.AppendLine($"- lost true positive: {report.Id} {report.Repo} `{report.File}:{report.Line}`: {judgments[report.Key].Reason}");
        }

        text.AppendLine();
    }

    private static (int Judged, int Tp, int Debatable, int Fp) Count(IEnumerable<(string, string, int, string)> keys, Dictionary<(string, string, int, string), Judgment> judgments)
    {
        int judged = 0, tp = 0, deb = 0, fp = 0;
        foreach (var key in keys)
        {
            if (!judgments.TryGetValue(key, out var judgment))
            {
                continue;
            }

            judged++;
            switch (judgment.Verdict)
            {
                case "TP": tp++; break;
                case "FP": fp++; break;
                default: deb++; break;
            }
        }

        return (judged, tp, deb, fp);
    }

    private static string Precision(int tp, int fp) => tp + fp == 0 ? "n/a" : ((double)tp / (tp + fp)).ToString("0.00", CultureInfo.InvariantCulture);

    private static void WriteProjects(StringBuilder text, RunResult run, List<BaselineReport> baseline)
    {
        text.AppendLine("## Reports per project (before → now)");
        text.AppendLine();
        text.AppendLine("A project without a row in the baseline (it joined the corpus after the baseline run) shows its reports now only.");
        text.AppendLine();
        text.AppendLine("| project | kind | TFMs | .cs files | analyzers | BG0101 | BG0102 | BG0201 | BG0301 | BG0302 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var project in run.Projects)
        {
            // A project that joined the corpus after the baseline run has no rows there: its "before" is unknown, not 0.
            var baselined = baseline.Any(b => b.Repo == project.Repo && b.Project == project.Project);
            var cells = BuildLog.RuleIds.Select(id =>
            {
                var now = project.Reports.Count(r => r.Id == id);
                var before = baseline.Count(b => b.Repo == project.Repo && b.Project == project.Project && b.Id == id);
                return before == now || !baselined ? now.ToString(CultureInfo.InvariantCulture) : $"{before} → {now}";
            });
            var name = $"{project.Repo}@{Corpus.Short(project.Commit)} `{project.Project}`";
            var failure = project.Failure is null ? string.Empty : $" (**{project.Failure}**)";
            var analyzers = string.IsNullOrEmpty(project.AnalyzerCommit) ? run.AnalyzerCommit : project.AnalyzerCommit;
            text.AppendLine($"| {name}{failure} | {project.Kind} | {string.Join(", ", project.Tfms)} | {project.Files} | `{analyzers}` | {string.Join(" | ", cells)} |");
        }

        text.AppendLine();
    }

    private static void WriteTimes(StringBuilder text, RunResult run)
    {
        text.AppendLine("## Analyzer time against CoreCompile");
        text.AppendLine();
        text.AppendLine("From the compiler's `/reportanalyzer` table of a from-scratch compile of the project alone (`--no-incremental -p:BuildProjectReferences=false`) for the first listed target framework, with the SDK's CA analyzers off (`EnableNETAnalyzers=false`; the project's own analyzer packages stay); "
            + "CoreCompile from MSBuild's performance summary (it includes the compiler's start-up: this machine's environment sets `UseSharedCompilation=false`, so each build runs a `csc` process of its own and these are cold figures; docs/performance.md has the same measure through a warmed compiler server, the `speed` command). Analyzer times are summed over the analyzer threads. Issue #16 owns the speed targets.");
        text.AppendLine();
        text.AppendLine("| project | TFM | CoreCompile ms | all analyzers ms | BG ms | BG % of CoreCompile | BG0101 | BG0102 | BG0201 | BG0301 | BG0302 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var project in run.Projects)
        {
            foreach (var build in project.Builds.Where(b => b.CoreCompileMs > 0))
            {
                var bg = build.RuleMs.Values.Sum();
                var percent = build.CoreCompileMs > 0 ? (100 * bg / build.CoreCompileMs).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
                var rules = BuildLog.RuleIds.Select(id => build.RuleMs.TryGetValue(id, out var ms) ? ms.ToString("0", CultureInfo.InvariantCulture) : "0");
                text.AppendLine($"| {project.Repo} `{Path.GetFileName(project.Project)}` | {build.Tfm} | {build.CoreCompileMs:0} | {build.AnalyzerTotalMs:0} | {bg:0} | {percent} | {string.Join(" | ", rules)} |");
            }
        }

        text.AppendLine();
    }

    private static void WriteFormat(StringBuilder text, RunResult run)
    {
        text.AppendLine("## `dotnet format analyzers`, then a rebuild of every target framework");
        text.AppendLine();
        text.AppendLine("| project | BG reports | format exit | fixer failures | files changed | rebuild per TFM (errors; BG reports left) | analyzer exceptions (AD0001) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var project in run.Projects.Where(p => p.Format.Ran))
        {
            var rebuilds = string.Join("; ", project.Format.Rebuilds.Select(r => $"{r.Tfm}: {(r.ExitCode == 0 ? "ok" : "FAILED")} {r.Errors.Count(e => e.Contains(": error ", StringComparison.Ordinal))} errors, {r.RemainingReports} left"));
            var exceptions = project.Builds.Sum(b => b.AnalyzerExceptions);
            text.AppendLine($"| {project.Repo} `{Path.GetFileName(project.Project)}` | {project.Reports.Count} | {project.Format.ExitCode} | {project.Format.FixerFailures.Count(Runner.IsFixerFailure)} | {project.Format.ChangedFiles} | {rebuilds} | {exceptions} |");
        }

        var broken = run.Projects.Where(p => p.Format.Rebuilds.Any(r => r.ExitCode != 0) || p.Format.FixerFailures.Any(Runner.IsFixerFailure)).ToList();
        if (broken.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Errors after the fixes and fixer failures (first of each; issue #14 owns fix safety):");
            text.AppendLine();
            foreach (var project in broken)
            {
                foreach (var failure in project.Format.FixerFailures.Where(Runner.IsFixerFailure).Take(3))
                {
                    text.AppendLine($"- {project.Repo}: `{Trim(failure)}`");
                }

                foreach (var rebuild in project.Format.Rebuilds.Where(r => r.ExitCode != 0))
                {
                    foreach (var error in rebuild.Errors.Take(3))
                    {
                        text.AppendLine($"- {project.Repo} [{rebuild.Tfm}]: `{Trim(RelativeToCopy(error))}`");
                    }
                }
            }
        }

        text.AppendLine();
    }

    private static void WriteFalsePositives(StringBuilder text, List<Report> reports, Dictionary<(string, string, int, string), Judgment> judgments)
    {
        text.AppendLine("## Judged false positives still reported");
        text.AppendLine();
        var falsePositives = reports.Where(r => judgments.TryGetValue(r.Key, out var j) && j.Verdict == "FP").ToList();
        if (falsePositives.Count == 0)
        {
            text.AppendLine("None.");
        }

        foreach (var report in falsePositives)
        {
            text.AppendLine($"- {report.Id} {report.Repo} `{report.File}:{report.Line}`: {judgments[report.Key].Reason}");
        }

        var unjudged = reports.Where(r => !judgments.ContainsKey(r.Key)).ToList();
        text.AppendLine();
        text.AppendLine($"Reports of this run without a judgment: {unjudged.Count}"
            + (unjudged.Count == 0 ? "." : " (" + string.Join(", ", unjudged.GroupBy(r => (r.Repo, r.Id)).Select(g => $"{g.Key.Id} {g.Key.Repo}: {g.Count()}")) + ")."));
        text.AppendLine();
    }

    private static void WriteFixUps(StringBuilder text, RunResult run)
    {
        text.AppendLine("## Restore fix-ups");
        text.AppendLine();
        text.AppendLine("What `projects.txt` changes so that a project restores and builds here (the .NET 10 SDK, the package versions served here); the reasons are in `projects.txt`.");
        text.AppendLine();
        foreach (var project in run.Projects.Where(p => p.FixUps.Count > 0))
        {
            text.AppendLine($"- {project.Repo} `{project.Project}`: {string.Join(", ", project.FixUps.Select(f => "`" + f + "`"))}");
        }

        text.AppendLine();
    }

    /// <summary>Error lines name the copy's files under CORPUS/work/SLUG/format/: keep the path inside the repository.</summary>
    private static string RelativeToCopy(string error)
    {
        var marker = error.IndexOf("/format/", StringComparison.Ordinal);
        return marker < 0 ? error : error[(marker + "/format/".Length)..];
    }

    private static string Trim(string text) => (text.Length > 200 ? text[..200] + "…" : text).Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
