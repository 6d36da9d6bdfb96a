using System.IO;
using System.Linq;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary><c>dotnet format analyzers --diagnostics BG0101</c> on the demo's code, with the packed package.</summary>
[Collection(PackageCollection.Name)]
public class DemoFormatTests
{
    private readonly PackageFixture _package;

    public DemoFormatTests(PackageFixture package) => _package = package;

    [Fact]
    public void DotnetFormat_TurnsTheDemosBlockingWaitsIntoAwaits_AndTheDemoStillBuilds()
    {
        var demo = Path.Combine(_package.RepositoryRoot, "docs", "samples", "Demo");
        var sources = Directory.GetFiles(demo, "*.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        var consumer = Consumer.Create(_package, "DemoCopy", ConsumerSources.Net80Console, sources);
        consumer.AddPackage();
        var (_, before, _) = consumer.Build("before");
        var waits = before.Where(r => r.RuleId == "BG0101").ToList();
        Assert.NotEmpty(waits);

        DotNet.Succeed(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--diagnostics", "BG0101", "--severity", "info");

        var (build, after, _) = consumer.Build("after");
        Assert.DoesNotContain(after, r => r.RuleId is "BG0101" or "AD0001");
        var stockClient = consumer.Read("PriceClient.cs");
        Assert.Contains("public async Task<string> GetStockAsync(string sku)", stockClient, System.StringComparison.Ordinal);
        Assert.Contains("return await s_client.GetStringAsync(\"https://stock.example/\" + sku);", stockClient, System.StringComparison.Ordinal);
        Assert.DoesNotContain(".Result", stockClient, System.StringComparison.Ordinal);

        // The other rules are untouched by a BG0101-only run.
        Assert.Equal(
            before.Count(r => r.RuleId == "BG0301"),
            after.Count(r => r.RuleId == "BG0301"));
        Assert.True(build.ExitCode == 0, build.Describe());
    }

    [Fact]
    public void DotnetFormat_SharesTheDemosPerCallHttpClient_AndTheDemoStillBuilds()
    {
        var demo = Path.Combine(_package.RepositoryRoot, "docs", "samples", "Demo");
        var sources = Directory.GetFiles(demo, "*.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        var consumer = Consumer.Create(_package, "DemoCopyHttp", ConsumerSources.Net80Console, sources);
        consumer.AddPackage();
        var (_, before, _) = consumer.Build("before");
        Assert.Contains(before, r => r.RuleId == "BG0201" && r.FileName == "PriceClient.cs");

        DotNet.Succeed(consumer.Directory, "format", "analyzers", consumer.ProjectFile, "--diagnostics", "BG0201", "--severity", "info");

        var (build, after, _) = consumer.Build("after");
        Assert.DoesNotContain(after, r => r.RuleId is "BG0201" or "AD0001");
        var priceClient = consumer.Read("PriceClient.cs");
        Assert.Contains("private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 50 });", priceClient, System.StringComparison.Ordinal);
        Assert.Contains("return await s_httpClient.GetStringAsync(\"https://prices.example/\" + sku);", priceClient, System.StringComparison.Ordinal);
        Assert.True(build.ExitCode == 0, build.Describe());
    }
}
