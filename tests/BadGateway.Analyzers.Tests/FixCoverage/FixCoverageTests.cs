using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using BadGateway.Analyzers.Tests.Robustness;
using Xunit.Abstractions;

namespace BadGateway.Analyzers.Tests.FixCoverage;

/// <summary>
/// Issue #15, "a fix for every report". Each rule's cases (<c>Cases/BGxxxx.cases</c>, written from the rule issues) and our
/// robustness corpus are run report by report: every report gets a fix that compiles, removes its report and adds none,
/// or is listed as a shape that gets no fix, with its reason (a <c>// no-fix:</c> mark on the case's line; for the corpus,
/// <c>Cases/corpus.no-fix</c>). With default options, no fewer of each rule's case reports get a fix than recorded
/// (issue #15's target is 90%).
/// </summary>
public class FixCoverageTests
{
    /// <summary>Issue #15's target: a fix for at least 90% of each rule's reports in its cases, with default options.</summary>
    public const double TargetFixRate = 0.9;

    /// <summary>
    /// Reports of each rule's cases that got a fix with default options when this was last measured (docs/rules and
    /// docs/real-world.md give the figures). A rule may not fall below it; raise it as fixes reach more shapes. Every rule is
    /// at or above <see cref="TargetFixRate"/>, which is asserted too (BG0101: 82 of 90; seven of its eight other cases have
    /// no async form at all, see their no-fix marks).
    /// </summary>
    private static readonly Dictionary<string, int> s_recordedWithFix = new()
    {
        ["BG0101"] = 82,
        ["BG0102"] = 40,
        ["BG0201"] = 36,
        ["BG0301"] = 26,
        ["BG0302"] = 26,
    };

    private readonly ITestOutputHelper _output;

    public FixCoverageTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("BG0101")]
    [InlineData("BG0102")]
    [InlineData("BG0201")]
    [InlineData("BG0301")]
    [InlineData("BG0302")]
    public async Task RuleCases_EveryReportGetsAFixThatCompilesRemovesItAndAddsNone_OrIsMarkedNoFix_AndNoFewerGetOneThanRecorded(string rule)
    {
        var cases = FixCoverageCase.Load(rule);
        Assert.NotEmpty(cases);
        var outcomes = new List<ReportOutcome>();
        var problems = new List<string>();
        var defaultOptions = 0;
        var defaultOptionsFixed = 0;
        foreach (var coverageCase in cases)
        {
            var project = await FixCoverageRunner.CreateProjectAsync(coverageCase);
            var (reports, caseProblems) = await FixCoverageRunner.RunAsync(project, rule, d => $"{coverageCase.Name} (line {d.Location.GetLineSpan().StartLinePosition.Line + 1})");
            problems.AddRange(caseProblems.Select(p => $"[{coverageCase.Name}] {p}"));
            if (reports.Count == 0)
            {
                problems.Add($"[{coverageCase.Name}] no {rule} report: a case holds a report shape");
            }

            outcomes.AddRange(reports);
            problems.AddRange(reports.SelectMany(r => r.Problems.Select(p => $"[{r.Where}] {p} | {r.LineText}")));
            if (coverageCase.EditorConfig.Count == 0)
            {
                defaultOptions += reports.Count;
                defaultOptionsFixed += reports.Count(r => r.Fixed);
            }
        }

        _output.WriteLine(Describe(rule, cases.Count, outcomes, defaultOptions, defaultOptionsFixed));
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
        Assert.True(
            defaultOptions > 0 && defaultOptionsFixed >= s_recordedWithFix[rule],
            $"{rule}: a fix for {defaultOptionsFixed} of {defaultOptions} reports with default options, fewer than the {s_recordedWithFix[rule]} recorded.\n" + Describe(rule, cases.Count, outcomes, defaultOptions, defaultOptionsFixed));
        Assert.True(
            defaultOptionsFixed >= TargetFixRate * defaultOptions,
            $"{rule}: a fix for {defaultOptionsFixed} of {defaultOptions} reports with default options, under issue #15's {TargetFixRate:P0}.\n" + Describe(rule, cases.Count, outcomes, defaultOptions, defaultOptionsFixed));
    }

    [Fact]
    public async Task RobustnessCorpus_EveryReportGetsAFixThatCompilesRemovesItAndAddsNone_OrIsListedWithItsReason()
    {
        var listed = LoadCorpusList();
        var project = await AnalyzerHarness.CreateProjectAsync(CorpusGenerator.HandWritten());
        var outcomes = new List<ReportOutcome>();
        var problems = new List<string>();
        foreach (var rule in new[] { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" })
        {
            var (reports, projectProblems) = await FixCoverageRunner.RunAsync(project, rule, d => Path.GetFileName(d.Location.SourceTree?.FilePath ?? string.Empty));
            problems.AddRange(projectProblems);
            outcomes.AddRange(reports);
        }

        var unlisted = new List<string>();
        foreach (var outcome in outcomes)
        {
            var key = (outcome.Rule, outcome.Where, outcome.LineText);
            var isListed = listed.ContainsKey(key);
            if (outcome.Fixed)
            {
                problems.AddRange(outcome.Problems.Select(p => $"[{outcome.Rule} {outcome.Where}] {p} | {outcome.LineText}"));
                if (isListed)
                {
                    problems.Add($"[{outcome.Rule} {outcome.Where}] listed as getting no fix, but '{outcome.FixTitle}' is offered | {outcome.LineText}");
                }
            }
            else if (!isListed)
            {
                unlisted.Add($"{outcome.Rule} | {outcome.Where} | {outcome.LineText} | <reason>");
            }
        }

        foreach (var key in listed.Keys.Where(k => !outcomes.Any(o => (o.Rule, o.Where, o.LineText) == k)))
        {
            problems.Add($"listed in corpus.no-fix but not reported: {key.Rule} | {key.File} | {key.Line}");
        }

        if (unlisted.Count > 0)
        {
            problems.Add("reports without a fix, not listed in Cases/corpus.no-fix:\n" + string.Join("\n", unlisted));
        }

        _output.WriteLine(Describe("corpus", 0, outcomes, outcomes.Count, outcomes.Count(o => o.Fixed)));
        Assert.True(outcomes.Count > 20, $"Only {outcomes.Count} reports in the corpus.");
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void CaseFormat_HeaderLinesMarksAndBoundaries_AreRead()
    {
        var cases = FixCoverageCase.Parse(
            "BG0101",
            """
            ### first
            // target: net48
            // kind: exe
            // editorconfig: bg0101.convert_public_api = true
            // A comment that is code.
            class A { void M() { } } // no-fix: a reason
            ### second
            class B { }
            """);
        Assert.Equal(2, cases.Count);
        Assert.Equal(("first", "net48", true), (cases[0].Name, cases[0].Target, cases[0].IsExecutable));
        Assert.Equal(new[] { "bg0101.convert_public_api = true" }, cases[0].EditorConfig);
        Assert.StartsWith("// A comment that is code.\nclass A", cases[0].Source, StringComparison.Ordinal);
        Assert.Equal("a reason", FixCoverageCase.NoFixReason(cases[0].Source.Split('\n')[1]));
        Assert.Null(FixCoverageCase.NoFixReason("class B { }"));
        Assert.Equal(("second", "net8.0", false), (cases[1].Name, cases[1].Target, cases[1].IsExecutable));
        Assert.Throws<FormatException>(() => FixCoverageCase.Parse("BG0101", "### a\n// target: net9.9\nclass A { }"));
        Assert.Throws<FormatException>(() => FixCoverageCase.Parse("BG0101", "### a\nclass A { }\n### a\nclass B { }"));
    }

    /// <summary><c>Cases/corpus.no-fix</c>: <c>rule | file | line text | reason</c>, one report shape of the corpus per line.</summary>
    private static Dictionary<(string Rule, string File, string Line), string> LoadCorpusList()
    {
        var list = new Dictionary<(string, string, string), string>();
        foreach (var line in File.ReadAllLines(Path.Combine(FixCoverageCase.CasesFolder, "corpus.no-fix")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(" | ");
            Assert.True(parts.Length == 4 && parts[3].Length > 0 && parts[3] != "<reason>", $"corpus.no-fix: 'rule | file | line text | reason' expected: {line}");
            list.Add((parts[0], parts[1], parts[2]), parts[3]);
        }

        return list;
    }

    private static string Describe(string rule, int cases, IReadOnlyList<ReportOutcome> outcomes, int defaultOptions, int defaultOptionsFixed)
    {
        var text = new StringBuilder();
        var rate = defaultOptions == 0 ? 0 : (double)defaultOptionsFixed / defaultOptions;
        text.AppendLine(CultureInfo.InvariantCulture, $"{rule}: {cases} cases, {outcomes.Count} reports, {outcomes.Count(o => o.Fixed)} with a fix; default options: {defaultOptionsFixed} of {defaultOptions} ({rate:P0}; target {TargetFixRate:P0}).");
        foreach (var group in outcomes.Where(o => !o.Fixed).GroupBy(o => o.NoFixReason ?? "(no reason given)"))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  no fix ({group.Count()}): {group.Key}");
        }

        foreach (var group in outcomes.Where(o => o.Fixed).GroupBy(o => o.FixTitle))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  '{group.Key}': {group.Count()}");
        }

        return text.ToString();
    }
}
