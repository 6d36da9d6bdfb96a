using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>One diagnostic as the compiler wrote it to the SARIF log.</summary>
internal sealed record SarifResult(string RuleId, string Level, string FileName, int Line, string Message);

/// <summary>A consumer project in a temporary folder, with a nuget.config that adds the local feed.</summary>
internal sealed class Consumer
{
    private Consumer(PackageFixture package, string directory, string projectFile)
    {
        Package = package;
        Directory = directory;
        ProjectFile = projectFile;
    }

    public PackageFixture Package { get; }

    public string Directory { get; }

    public string ProjectFile { get; }

    public static Consumer Create(PackageFixture package, string name, string projectXml, IReadOnlyDictionary<string, string> sources)
    {
        var directory = Path.Combine(package.WorkRoot, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var projectFile = Path.Combine(directory, name + ".csproj");
        File.WriteAllText(projectFile, projectXml);
        foreach (var (fileName, text) in sources)
        {
            File.WriteAllText(Path.Combine(directory, fileName), text);
        }

        return new Consumer(package, directory, projectFile);
    }

    public CommandResult AddPackage() =>
        DotNet.Succeed(Directory, "add", ProjectFile, "package", "BadGateway.Analyzers", "--version", Package.Version);

    public (CommandResult Build, IReadOnlyList<SarifResult> Results, JsonDocument Sarif) Build(string logName = "build")
    {
        var sarifPath = Path.Combine(Directory, logName + ".sarif");
        var build = DotNet.Succeed(Directory, "build", ProjectFile, "-nodeReuse:false", $"-p:ErrorLog={sarifPath}%2Cversion%3D2.1");
        Assert.True(File.Exists(sarifPath), $"The build wrote no SARIF log at {sarifPath}.\n{build.Describe()}");
        var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        return (build, ReadResults(sarif), sarif);
    }

    public string Read(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    private static List<SarifResult> ReadResults(JsonDocument sarif)
    {
        var results = new List<SarifResult>();
        foreach (var run in sarif.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var runResults))
            {
                continue;
            }

            foreach (var result in runResults.EnumerateArray())
            {
                var fileName = "";
                var line = 0;
                if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
                {
                    var physical = locations[0].GetProperty("physicalLocation");
                    fileName = Path.GetFileName(new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath);
                    line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                }

                results.Add(new SarifResult(
                    result.GetProperty("ruleId").GetString()!,
                    result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
                    fileName,
                    line,
                    result.GetProperty("message").GetProperty("text").GetString()!));
            }
        }

        return results;
    }

    /// <summary>The helpUri the SARIF log gives for a rule, or null.</summary>
    public static string? HelpUri(JsonDocument sarif, string ruleId) =>
        sarif.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rules) ? rules.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(rule => rule.GetProperty("id").GetString() == ruleId)
            .Select(rule => rule.TryGetProperty("helpUri", out var uri) ? uri.GetString() : null)
            .FirstOrDefault();
}
