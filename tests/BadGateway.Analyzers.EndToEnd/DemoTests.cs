using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>The README's first contributor command: every rule fires on the demo app.</summary>
[Collection(PackageCollection.Name)]
public class DemoTests
{
    private readonly PackageFixture _package;

    public DemoTests(PackageFixture package) => _package = package;

    [Fact]
    public void DemoBuild_ReportsEveryRuleOfRulesMd()
    {
        var ruleIds = Regex.Matches(File.ReadAllText(Path.Combine(_package.RepositoryRoot, "rules.md")), @"^\| \[(BG\d{4})\]", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.NotEmpty(ruleIds);

        var sarifPath = Path.Combine(_package.WorkRoot, "demo.sarif");
        var build = DotNet.Succeed(
            _package.RepositoryRoot,
            "build",
            Path.Combine("docs", "samples", "Demo"),
            "-nodeReuse:false",
            "--no-incremental",
            $"-p:ErrorLog={sarifPath}%2Cversion%3D2.1");

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var reported = sarif.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(result => result.GetProperty("ruleId").GetString())
            .ToHashSet();
        foreach (var id in ruleIds)
        {
            Assert.True(reported.Contains(id), $"The demo does not show {id}; add an instance of its pattern to docs/samples/Demo.\n{build.Describe()}");
        }

        Assert.DoesNotContain("AD0001", reported);
    }
}
