using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Tests.Conventions;

public class DescriptorConventionTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in RuleCatalog.Rules)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Descriptors_HaveUniqueIdsOfTheFormBGnnnn()
    {
        Assert.NotEmpty(RuleCatalog.Descriptors);
        Assert.All(RuleCatalog.Descriptors, d => Assert.Matches("^BG[0-9]{4}$", d.Id));
        Assert.Equal(
            RuleCatalog.Descriptors.Select(d => (d.Id, d.MessageFormat.ToString())).Distinct().Count(),
            RuleCatalog.Descriptors.Length);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void DescriptorsOfOneRule_ShareTitleCategorySeverityAndHelpLink(string id)
    {
        var descriptors = RuleCatalog.Descriptors.Where(d => d.Id == id).ToList();
        Assert.Single(descriptors.Select(d => d.Title.ToString()).Distinct());
        Assert.Single(descriptors.Select(d => d.Category).Distinct());
        Assert.Single(descriptors.Select(d => d.DefaultSeverity).Distinct());
        Assert.Single(descriptors.Select(d => d.HelpLinkUri).Distinct());
    }

    [Fact]
    public void Descriptors_UseTheIdConstantsOfDiagnosticIds()
    {
        var constants = typeof(DiagnosticIds).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(RuleCatalog.Descriptors, d => Assert.Contains(d.Id, constants));
        Assert.All(constants, id => Assert.Contains(RuleCatalog.Descriptors, d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void HelpLink_PointsAtAnExistingRulePage(string id)
    {
        var descriptor = RuleCatalog.Descriptors.First(d => d.Id == id);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.StartsWith("https://", descriptor.HelpLinkUri, StringComparison.Ordinal);
        var relative = RuleCatalog.RelativePathOfHelpLink(descriptor.HelpLinkUri);
        Assert.NotNull(relative);
        var path = Path.Combine(RuleCatalog.RepositoryRoot, relative!.Replace('/', Path.DirectorySeparatorChar));
        Assert.True(File.Exists(path), $"{id}'s help link {descriptor.HelpLinkUri} points at {path}, which does not exist.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void RulePage_TitleMatchesDescriptor(string id)
    {
        var descriptor = RuleCatalog.Descriptors.First(d => d.Id == id);
        var page = Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md");
        var firstLine = File.ReadLines(page).FirstOrDefault();
        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ReleaseTracking_ListsTheRuleWithItsCategoryAndSeverity(string id)
    {
        var descriptor = RuleCatalog.Descriptors.First(d => d.Id == id);
        var folder = Path.Combine(RuleCatalog.RepositoryRoot, "src", "BadGateway.Analyzers");
        var rows = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && cells[0] == id)
            .ToList();
        Assert.True(rows.Count > 0, $"{id} is in neither AnalyzerReleases.Shipped.md nor AnalyzerReleases.Unshipped.md.");
        var last = rows[^1];
        Assert.Equal(descriptor.Category, last[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), last[2]);
    }

    [Fact]
    public void Descriptors_AreBuiltOnlyInDescriptorsCs()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RuleCatalog.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);
        var offenders = sources
            .Where(p => Path.GetFileName(p) != "Descriptors.cs")
            .Where(p => Regex.IsMatch(File.ReadAllText(p), @"new\s+(Microsoft\.CodeAnalysis\.)?DiagnosticDescriptor\s*\("))
            .ToList();
        Assert.True(offenders.Count == 0, "Build descriptors with Descriptors.Create, not in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Analyzers_AreSealedCSharpAnalyzersNamedAfterTheirRulesAndReportOnlyDescriptorsOfDescriptorsCs()
    {
        Assert.NotEmpty(RuleCatalog.AnalyzerTypes);
        foreach (var type in RuleCatalog.AnalyzerTypes)
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed.");
            var attribute = type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false)
                .Cast<DiagnosticAnalyzerAttribute>()
                .SingleOrDefault();
            Assert.True(attribute is not null, $"{type.Name} has no [DiagnosticAnalyzer].");
            Assert.Contains(LanguageNames.CSharp, attribute!.Languages);

            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
            Assert.NotEmpty(analyzer.SupportedDiagnostics);
            foreach (var supported in analyzer.SupportedDiagnostics)
            {
                Assert.Contains(supported, RuleCatalog.Descriptors);
                Assert.StartsWith(supported.Id, type.Name, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void EveryDescriptor_IsReportedBySomeAnalyzer()
    {
        var supported = RuleCatalog.AnalyzerTypes
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(RuleCatalog.Descriptors, d => Assert.Contains(d.Id, supported));
    }
}
