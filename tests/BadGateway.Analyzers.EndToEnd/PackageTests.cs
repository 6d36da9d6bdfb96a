using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace BadGateway.Analyzers.EndToEnd;

[Collection(PackageCollection.Name)]
public class PackageTests
{
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void Nupkg_HoldsExactlyTheTwoAssembliesUnderAnalyzersDotnetCs_AndNoLib()
    {
        Assert.True(File.Exists(_package.PackagePath), $"No package at {_package.PackagePath}.\n{_package.PackResult.Describe()}");
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToList();

        var assemblies = entries.Where(e => e.EndsWith(".dll", System.StringComparison.OrdinalIgnoreCase)).OrderBy(e => e).ToList();
        Assert.Equal(
            new[] { "analyzers/dotnet/cs/BadGateway.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/BadGateway.Analyzers.dll" },
            assemblies);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", System.StringComparison.OrdinalIgnoreCase));
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void Nuspec_IsADevelopmentDependencyWithMetadataAndNoDependencies()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("BadGateway.Analyzers", Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("httpclient", Value("tags"), System.StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Value("releaseNotes")));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.Descendants().Any(d => d.Name.LocalName == "dependency"));
    }
}
