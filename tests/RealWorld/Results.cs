using System.Collections.Generic;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>One BG report, merged over the target frameworks that produced it.</summary>
internal sealed class Report
{
    public string Repo { get; set; } = "";
    public string Project { get; set; } = "";
    public string File { get; set; } = "";
    public int Line { get; set; }
    public string Id { get; set; } = "";
    public string Message { get; set; } = "";
    public List<string> Tfms { get; set; } = new();

    public (string Repo, string File, int Line, string Id) Key => (Repo, File, Line, Id);
}

/// <summary>The measured build of one target framework.</summary>
internal sealed class TfmBuild
{
    public string Tfm { get; set; } = "";
    public int ExitCode { get; set; }
    public List<string> Errors { get; set; } = new();
    public double CoreCompileMs { get; set; }
    public double AnalyzerTotalMs { get; set; }
    public Dictionary<string, double> RuleMs { get; set; } = new();
    public int AnalyzerExceptions { get; set; }
}

/// <summary>A rebuild after `dotnet format analyzers`.</summary>
internal sealed class Rebuild
{
    public string Tfm { get; set; } = "";
    public int ExitCode { get; set; }
    public List<string> Errors { get; set; } = new();
    public int RemainingReports { get; set; }
}

internal sealed class FormatResult
{
    public bool Ran { get; set; }
    public int ExitCode { get; set; }
    public List<string> FixerFailures { get; set; } = new();
    public int ChangedFiles { get; set; }
    public List<Rebuild> Rebuilds { get; set; } = new();
}

internal sealed class ProjectResult
{
    public string Repo { get; set; } = "";
    public string Commit { get; set; } = "";
    public string Project { get; set; } = "";
    public string Kind { get; set; } = "";
    public string AnalyzerCommit { get; set; } = "";
    public List<string> Tfms { get; set; } = new();
    public List<string> FixUps { get; set; } = new();
    public int Files { get; set; }
    public string? Failure { get; set; }
    public List<TfmBuild> Builds { get; set; } = new();
    public List<Report> Reports { get; set; } = new();
    public FormatResult Format { get; set; } = new();
}

internal sealed class RunResult
{
    public string Label { get; set; } = "";
    public string AnalyzerCommit { get; set; } = "";
    public string Started { get; set; } = "";
    public string Sdk { get; set; } = "";
    public List<ProjectResult> Projects { get; set; } = new();
}
