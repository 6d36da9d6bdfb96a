using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace BadGateway.Analyzers.EndToEnd;

[Collection(PackageCollection.Name)]
public class ConsumerTests
{
    private readonly PackageFixture _package;

    public ConsumerTests(PackageFixture package) => _package = package;

    [Fact]
    public void Net80Console_BuildReportsBG0201AtTheCreation_WithHelpLink_AndNoLoadFailures()
    {
        var consumer = Consumer.Create(
            _package,
            "Net80Console",
            ConsumerSources.Net80Console,
            ConsumerSources.Files(("Program.cs", ConsumerSources.Program), ("PriceClient.cs", ConsumerSources.PriceClient)));
        consumer.AddPackage();

        var (build, results, sarif) = consumer.Build();

        AssertNoAnalyzerLoadFailures(build, results);
        var bg0201 = Assert.Single(results, r => r.RuleId == "BG0201");
        Assert.Equal("PriceClient.cs", bg0201.FileName);
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.PriceClient, "new HttpClient()"), bg0201.Line);
        Assert.Equal("warning", bg0201.Level);
        Assert.Contains("new HttpClient()", bg0201.Message, System.StringComparison.Ordinal);
        var helpUri = Consumer.HelpUri(sarif, "BG0201");
        Assert.NotNull(helpUri);
        Assert.EndsWith(_package.HelpLink("BG0201"), helpUri, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Net80Console_DotnetFormatVerifyNoChanges_ReportsBG0201WhichHasNoFixYet()
    {
        var consumer = Consumer.Create(
            _package,
            "Net80Format",
            ConsumerSources.Net80Console,
            ConsumerSources.Files(("Program.cs", ConsumerSources.Program), ("PriceClient.cs", ConsumerSources.PriceClient)));
        consumer.AddPackage();

        var format = DotNet.Run(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--verify-no-changes", "--diagnostics", "BG0201", "--severity", "info");

        Assert.True(format.ExitCode != 0, "dotnet format --verify-no-changes should fail while BG0201 is reported.\n" + format.Describe());
        Assert.Contains("PriceClient.cs", format.Output, System.StringComparison.Ordinal);
        Assert.Contains("BG0201", format.Output, System.StringComparison.Ordinal);
        Assert.Equal(ConsumerSources.PriceClient, consumer.Read("PriceClient.cs"));
    }

    [Fact]
    public void Net48Library_BuildReportsBG0201_AndItsOwnPackageDoesNotDependOnOurs()
    {
        var consumer = Consumer.Create(
            _package,
            "Net48Library",
            ConsumerSources.Net48Library,
            ConsumerSources.Files(("PriceClient.cs", ConsumerSources.PriceClient)));
        consumer.AddPackage();
        var project = File.ReadAllText(consumer.ProjectFile);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", project, System.StringComparison.Ordinal);

        var (build, results, _) = consumer.Build();

        AssertNoAnalyzerLoadFailures(build, results);
        var bg0201 = Assert.Single(results, r => r.RuleId == "BG0201");
        Assert.Equal("PriceClient.cs", bg0201.FileName);
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.PriceClient, "new HttpClient()"), bg0201.Line);

        var output = Path.Combine(consumer.Directory, "pack");
        DotNet.Succeed(consumer.Directory, "pack", consumer.ProjectFile, "-c", "Debug", "--no-build", "-o", output);
        var nupkg = Directory.GetFiles(output, "*.nupkg").Single();
        using var archive = ZipFile.OpenRead(nupkg);
        using var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.DoesNotContain("BadGateway.Analyzers", dependencies);
    }

    private static void AssertNoAnalyzerLoadFailures(CommandResult build, System.Collections.Generic.IReadOnlyList<SarifResult> results)
    {
        string[] failures = { "AD0001", "CS8032", "CS8033", "CS8784", "CS8785" };
        Assert.DoesNotContain(results, r => failures.Contains(r.RuleId));
        foreach (var id in failures)
        {
            Assert.False(build.Output.Contains(id, System.StringComparison.Ordinal), $"The build reported {id}.\n{build.Describe()}");
        }
    }
}
