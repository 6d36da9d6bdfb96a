using System.IO;

namespace BadGateway.Analyzers.Tests.Conventions;

public class RulesIndexTests
{
    [Fact]
    public void RulesMd_EqualsTheIndexRegeneratedFromTheDescriptors()
    {
        var expected = RuleCatalog.RenderRulesIndex();
        var path = Path.Combine(RuleCatalog.RepositoryRoot, "rules.md");
        var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "(missing)";
        Assert.True(
            expected == actual,
            $"rules.md is out of date with Descriptors.cs. It should read:\n\n{expected}");
    }

    [Fact]
    public void RulesIndex_HasARowPerDescriptorLinkingItsPage()
    {
        var index = RuleCatalog.RenderRulesIndex();
        Assert.All(RuleCatalog.Descriptors, d => Assert.Contains($"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title} |", index));
    }
}
