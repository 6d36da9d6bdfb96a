using System;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>
/// Packs BadGateway.Analyzers once per test run into a local folder feed, under a version no earlier
/// run used, so the NuGet cache never serves a stale copy.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        WorkRoot = Path.Combine(Path.GetTempPath(), "bg-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Feed = Path.Combine(WorkRoot, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

        var configuration = typeof(PackageFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        PackResult = DotNet.Succeed(
            RepositoryRoot,
            "pack",
            Path.Combine("src", "BadGateway.Analyzers.Package", "BadGateway.Analyzers.Package.csproj"),
            "-c", configuration,
            "-o", Feed,
            "-p:PackageVersion=" + Version);
        PackagePath = Path.Combine(Feed, $"BadGateway.Analyzers.{Version}.nupkg");
    }

    public string RepositoryRoot { get; }

    /// <summary>A temporary folder outside the repository, so consumers do not pick up its build files.</summary>
    public string WorkRoot { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public CommandResult PackResult { get; }

    public string HelpLink(string id) => $"/docs/rules/{id}.md";

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed package";
}
