using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>
/// Issue #14, "every target framework": <c>dotnet format analyzers</c> for all BG ids on a multi-targeting consumer,
/// then a build of every target framework. dotnet format loads one project per target framework with the file linked
/// in each; a fix computed for one of them must compile in all, and linked edits must never leave merge markers.
/// </summary>
[Collection(PackageCollection.Name)]
public class MultiTargetFormatTests
{
    // "Unable to fix BGxxxx. Code fix ... didn't return a Fix All action" is not among them: dotnet format logs it when
    // the report it asks about has no fix on purpose (BG0302's "set it in Main" in an app that also targets net8.0).
    private static readonly string[] FixerFailures = { "Failed to apply code fix", "Exception" };

    private static readonly Regex BuildError = new(
        @"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): error (?<id>[A-Z]+\d+): (?<message>.*?) \[[^\]]*?::TargetFramework=(?<tfm>[^\]]+)\]\s*$",
        RegexOptions.Multiline);

    private readonly PackageFixture _package;

    public MultiTargetFormatTests(PackageFixture package) => _package = package;

    [Fact]
    public void Library_Net80_NetStandard20_Net472_DotnetFormatAllRules_EveryTargetBuilds_AndTheCommonFixesApply()
    {
        var consumer = Consumer.Create(
            _package,
            "MultiTargetLibrary",
            MultiTargetSources.Library,
            ConsumerSources.Files(
                (".editorconfig", MultiTargetSources.EditorConfig),
                ("Fixable.cs", MultiTargetSources.Fixable),
                ("TargetSpecific.cs", MultiTargetSources.TargetSpecific),
                ("Lambdas.cs", MultiTargetSources.Lambdas)));

        var problems = FormatAndRebuild(consumer, new[] { "net8.0", "netstandard2.0", "net472" });

        ExpectFixed(consumer, "Fixable.cs", MultiTargetSources.FixableAfter, problems);
        ExpectUnchanged(consumer, "Lambdas.cs", MultiTargetSources.LambdasUnchanged, problems);
        AssertNone(consumer, problems);
    }

    [Fact]
    public void App_Net80_Net472_DotnetFormatAllRules_EveryTargetBuilds_AndTheCommonFixesApply()
    {
        var consumer = Consumer.Create(
            _package,
            "MultiTargetApp",
            MultiTargetSources.App,
            ConsumerSources.Files(("Program.cs", MultiTargetSources.Program)));

        var problems = FormatAndRebuild(consumer, new[] { "net8.0", "net472" });

        ExpectFixed(consumer, "Program.cs", MultiTargetSources.ProgramAfter, problems);
        AssertNone(consumer, problems);
    }

    [Fact]
    public void Library_Net80_NetStandard20_Net472_DotnetFormatBG0101_WrapperHierarchyAndAsyncDispose_EveryTargetBuilds()
    {
        // Issue #15: (1) a library's public method keeps its signature and gets an async sibling, (2) an interface and its
        // implementations become async together, (4) Dispose that waits gets IAsyncDisposable. IAsyncDisposable and
        // ValueTask come from Microsoft.Bcl.AsyncInterfaces on netstandard2.0 and net472.
        var consumer = Consumer.Create(
            _package,
            "MultiTargetAsyncLibrary",
            MultiTargetSources.AsyncLibrary,
            ConsumerSources.Files(
                ("Wrapper.cs", MultiTargetSources.Wrapper),
                ("Hierarchy.cs", MultiTargetSources.Hierarchy),
                ("Disposable.cs", MultiTargetSources.Disposable)));

        var problems = FormatAndRebuild(consumer, new[] { "net8.0", "netstandard2.0", "net472" }, new[] { "Wrapper.cs", "Hierarchy.cs", "Disposable.cs" });

        ExpectFixed(consumer, "Wrapper.cs", MultiTargetSources.WrapperAfter, problems);
        ExpectFixed(consumer, "Hierarchy.cs", MultiTargetSources.HierarchyAfter, problems);
        ExpectFixed(consumer, "Disposable.cs", MultiTargetSources.DisposableAfter, problems);
        AssertNone(consumer, problems);
    }

    /// <summary>
    /// Builds every target before (it must compile: the errors after are the fixes'), runs dotnet format for all BG ids,
    /// and returns each problem: exit code, fixer failures in its log, merge markers in a file, errors per target.
    /// </summary>
    private static List<string> FormatAndRebuild(Consumer consumer, string[] targetFrameworks, string[]? includeOneByOne = null)
    {
        consumer.AddPackage();
        var before = DotNet.Run(consumer.Directory, "build", consumer.ProjectFile, "-nodeReuse:false");
        Assert.True(before.ExitCode == 0 && !BuildError.IsMatch(before.Output), "The consumer must build before the fixes.\n" + before.Describe());
        foreach (var tfm in targetFrameworks)
        {
            Assert.True(before.Output.Contains("TargetFramework=" + tfm, StringComparison.Ordinal), $"The build did not compile {tfm}.\n{before.Describe()}");
        }

        var problems = new List<string>();

        // dotnet format applies, per id, the Fix All of the first action offered for the first report: files whose
        // reports get different kinds of fix are formatted one at a time (--include), as a user would run it again.
        foreach (var include in includeOneByOne?.Select(f => new[] { "--include", f }) ?? new[] { Array.Empty<string>() })
        {
            var format = DotNet.Run(
                consumer.Directory,
                new[] { "format", "analyzers", consumer.ProjectFile, "--diagnostics" }.Concat(MultiTargetSources.AllRules).Concat(new[] { "--severity", "info" }).Concat(include).ToArray());
            if (format.ExitCode != 0)
            {
                problems.Add($"dotnet format {string.Join(" ", include)} exited with {format.ExitCode}.");
            }

            foreach (var line in Lines(format.Output).Where(l => FixerFailures.Any(f => l.Contains(f, StringComparison.Ordinal))))
            {
                problems.Add("dotnet format logged: " + line.Trim());
            }
        }

        foreach (var path in Directory.GetFiles(consumer.Directory, "*.cs"))
        {
            var number = 0;
            foreach (var line in Lines(File.ReadAllText(path)))
            {
                number++;
                if (IsMergeMarker(line))
                {
                    problems.Add($"Merge marker in {Path.GetFileName(path)}({number}): {line.Trim()}");
                }
            }
        }

        var after = DotNet.Run(consumer.Directory, "build", consumer.ProjectFile, "-nodeReuse:false");
        var errors = BuildError.Matches(after.Output)
            .Select(m => $"[{m.Groups["tfm"].Value}] {Path.GetFileName(m.Groups["file"].Value)}({m.Groups["line"].Value},{m.Groups["column"].Value}): {m.Groups["id"].Value}: {m.Groups["message"].Value}")
            .Distinct()
            .OrderBy(e => e, StringComparer.Ordinal)
            .ToList();
        problems.AddRange(errors.Select(e => "Build error after the fixes " + e));
        if (after.ExitCode != 0 && errors.Count == 0)
        {
            problems.Add("The build after the fixes failed.\n" + after.Describe());
        }

        return problems;
    }

    private static void ExpectFixed(Consumer consumer, string fileName, IEnumerable<string> fixedLines, List<string> problems)
    {
        var text = consumer.Read(fileName);
        problems.AddRange(fixedLines.Where(l => !text.Contains(l, StringComparison.Ordinal)).Select(l => $"Not fixed in {fileName}: expected `{l}`."));
    }

    private static void ExpectUnchanged(Consumer consumer, string fileName, IEnumerable<string> lines, List<string> problems)
    {
        var text = consumer.Read(fileName);
        problems.AddRange(lines.Where(l => !text.Contains(l, StringComparison.Ordinal)).Select(l => $"Changed in {fileName} (a fix changed what the program does): `{l}`."));
    }

    private static void AssertNone(Consumer consumer, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine($"{problems.Count} problem(s) after `dotnet format analyzers --diagnostics {string.Join(" ", MultiTargetSources.AllRules)}`:");
        problems.ForEach(p => message.AppendLine("- " + p));
        foreach (var path in Directory.GetFiles(consumer.Directory, "*.cs").OrderBy(p => p, StringComparer.Ordinal))
        {
            message.AppendLine().AppendLine($"==== {Path.GetFileName(path)} after dotnet format ====").AppendLine(File.ReadAllText(path));
        }

        Assert.Fail(message.ToString());
    }

    private static bool IsMergeMarker(string line) =>
        line.StartsWith("<<<<<<<", StringComparison.Ordinal)
        || line.StartsWith("=======", StringComparison.Ordinal)
        || line.StartsWith(">>>>>>>", StringComparison.Ordinal)
        || line.Contains("Unmerged change from project", StringComparison.Ordinal);

    private static string[] Lines(string text) => text.Split('\n');
}
