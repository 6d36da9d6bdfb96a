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
            ConsumerSources.Files(("Program.cs", ConsumerSources.Program), ("PriceClient.cs", ConsumerSources.PriceClient), ("Connections.cs", ConsumerSources.Connections)));
        consumer.AddPackage();

        var (build, results, sarif) = consumer.Build();

        var bg0301 = Assert.Single(results, r => r.RuleId == "BG0301");
        Assert.Equal("Connections.cs", bg0301.FileName);
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.Connections, "new HttpClientHandler()"), bg0301.Line);
        var bg0302 = Assert.Single(results, r => r.RuleId == "BG0302");
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.Connections, "DefaultConnectionLimit = 100"), bg0302.Line);
        Assert.Contains("has no effect on HttpClient", bg0302.Message, System.StringComparison.Ordinal);

        AssertNoAnalyzerLoadFailures(build, results);
        var bg0201 = Assert.Single(results, r => r.RuleId == "BG0201" && r.FileName == "PriceClient.cs");
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.PriceClient, "new HttpClient()"), bg0201.Line);
        Assert.Equal("warning", bg0201.Level);
        Assert.Contains("new HttpClient()", bg0201.Message, System.StringComparison.Ordinal);
        var helpUri = Consumer.HelpUri(sarif, "BG0201");
        Assert.NotNull(helpUri);
        Assert.EndsWith(_package.HelpLink("BG0201"), helpUri, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Net80Console_DotnetFormatVerifyNoChanges_ReportsBG0201_AndDotnetFormatFixesIt()
    {
        var consumer = Consumer.Create(
            _package,
            "Net80Format",
            ConsumerSources.Net80Console,
            ConsumerSources.Files(("Program.cs", ConsumerSources.Program), ("PriceClient.cs", ConsumerSources.PriceClient)));
        consumer.AddPackage();

        var verify = DotNet.Run(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--verify-no-changes", "--diagnostics", "BG0201", "--severity", "info");
        Assert.True(verify.ExitCode != 0, "dotnet format --verify-no-changes should fail while BG0201 can be fixed.\n" + verify.Describe());
        Assert.Contains("PriceClient.cs", verify.Output, System.StringComparison.Ordinal);
        Assert.Equal(ConsumerSources.PriceClient, consumer.Read("PriceClient.cs"));

        DotNet.Succeed(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--diagnostics", "BG0201", "--severity", "info");

        var fixedText = consumer.Read("PriceClient.cs");
        // An executable: the shared handler also gets the limit BG0301 asks for.
        Assert.Contains("private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 50 });", fixedText, System.StringComparison.Ordinal);
        Assert.Contains("return await s_httpClient.GetStringAsync(\"https://prices.example/\" + sku);", fixedText, System.StringComparison.Ordinal);
        Assert.Contains("// Per call: a new connection pool every time.", fixedText, System.StringComparison.Ordinal);
        var (build, results, _) = consumer.Build("rebuild");
        AssertNoAnalyzerLoadFailures(build, results);
        Assert.DoesNotContain(results, r => r.RuleId == "BG0201");
    }

    [Fact]
    public void Net48Library_BuildReportsBG0201_AndItsOwnPackageDoesNotDependOnOurs()
    {
        var consumer = Consumer.Create(
            _package,
            "Net48Library",
            ConsumerSources.Net48Library,
            ConsumerSources.Files(("PriceClient.cs", ConsumerSources.PriceClient), ("LegacyConnections.cs", ConsumerSources.LegacyConnections)));
        consumer.AddPackage();
        var project = File.ReadAllText(consumer.ProjectFile);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", project, System.StringComparison.Ordinal);

        var (build, results, _) = consumer.Build();

        AssertNoAnalyzerLoadFailures(build, results);
        var bg0201 = Assert.Single(results, r => r.RuleId == "BG0201" && r.FileName == "PriceClient.cs");
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.PriceClient, "new HttpClient()"), bg0201.Line);
        var bg0302 = Assert.Single(results, r => r.RuleId == "BG0302");
        Assert.Equal("LegacyConnections.cs", bg0302.FileName);
        Assert.Equal(ConsumerSources.LineOf(ConsumerSources.LegacyConnections, "DefaultConnectionLimit = 2"), bg0302.Line);
        Assert.Contains("below the minimum of 10", bg0302.Message, System.StringComparison.Ordinal);

        // A library: the handler's unset limit is the app's choice (BG0301 reports it only in executables).
        Assert.DoesNotContain(results, r => r.RuleId == "BG0301");

        var output = Path.Combine(consumer.Directory, "pack");
        DotNet.Succeed(consumer.Directory, "pack", consumer.ProjectFile, "-c", "Debug", "--no-build", "-o", output);
        var nupkg = Directory.GetFiles(output, "*.nupkg").Single();
        using var archive = ZipFile.OpenRead(nupkg);
        using var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.DoesNotContain("BadGateway.Analyzers", dependencies);
    }

    [Fact]
    public void Net48Library_DotnetFormatFixesBG0302_LeavesTheHandlersLimitToTheApp_AndTheRebuildIsClean()
    {
        var consumer = Consumer.Create(
            _package,
            "Net48Format",
            ConsumerSources.Net48Library,
            ConsumerSources.Files(("LegacyConnections.cs", ConsumerSources.LegacyConnections)));
        consumer.AddPackage();

        // A library gets the fix only with a limit chosen in .editorconfig (issue #14: no made-up number in a library).
        System.IO.File.WriteAllText(System.IO.Path.Combine(consumer.Directory, ".editorconfig"), "root = true\n\n[*.cs]\nbg0302.connection_limit = 50\n");
        DotNet.Succeed(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--diagnostics", "BG0301", "BG0302", "--severity", "info");

        var fixedText = consumer.Read("LegacyConnections.cs");
        Assert.Contains("ServicePointManager.DefaultConnectionLimit = 50; // tuned long ago", fixedText, System.StringComparison.Ordinal);
        Assert.Contains("new HttpClientHandler { UseCookies = false })", fixedText, System.StringComparison.Ordinal);
        var (build, results, _) = consumer.Build("rebuild");
        AssertNoAnalyzerLoadFailures(build, results);
        Assert.DoesNotContain(results, r => r.RuleId is "BG0301" or "BG0302");
    }

    [Fact]
    public void Net80Console_DotnetFormatFixesBG0301_AndTheRebuildIsClean()
    {
        var consumer = Consumer.Create(
            _package,
            "Net80FormatConnections",
            ConsumerSources.Net80Console,
            ConsumerSources.Files(("Program.cs", ConsumerSources.Program), ("PriceClient.cs", ConsumerSources.PriceClient), ("Connections.cs", ConsumerSources.Connections)));
        consumer.AddPackage();

        DotNet.Succeed(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--diagnostics", "BG0301", "--severity", "info");

        Assert.Equal(
            ConsumerSources.Connections.Replace("new HttpClientHandler();", "new HttpClientHandler() { MaxConnectionsPerServer = 50 };", System.StringComparison.Ordinal),
            consumer.Read("Connections.cs"));
        var (build, results, _) = consumer.Build("rebuild");
        AssertNoAnalyzerLoadFailures(build, results);
        Assert.DoesNotContain(results, r => r.RuleId == "BG0301");
        Assert.Single(results, r => r.RuleId == "BG0201" && r.FileName == "PriceClient.cs");
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
