using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis.Testing;

namespace BadGateway.Analyzers.Tests.Verifiers;

/// <summary>The target frameworks the rules are tested against.</summary>
internal static class ReferenceAssemblyPresets
{
    /// <summary>.NET 8: the default for every test.</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    /// <summary>
    /// .NET Framework 4.8, with System.Net.Http. The testing SDK's own preset asks for
    /// Microsoft.NETFramework.ReferenceAssemblies.net48 1.0.2, which the registry here does not serve;
    /// this one takes the SDK preset's assembly lists over the 1.0.3 package.
    /// </summary>
    public static ReferenceAssemblies Net48 { get; } = CreateNet48();

    private static ReferenceAssemblies CreateNet48()
    {
        var sdkPreset = ReferenceAssemblies.NetFramework.Net48.Default;
        return new ReferenceAssemblies(
                "net48",
                new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3"),
                Path.Combine("build", ".NETFramework", "v4.8"))
            .AddAssemblies(sdkPreset.Assemblies)
            .AddFacadeAssemblies(sdkPreset.FacadeAssemblies)
            .AddAssemblies(ImmutableArray.Create("System.Net.Http"));
    }

    /// <summary>.NET Framework 4.8 with System.Web: an ASP.NET application.</summary>
    public static ReferenceAssemblies Net48WithSystemWeb { get; } = Net48.AddAssemblies(ImmutableArray.Create("System.Web"));

    /// <summary>.NET 8 with System.Net.Http.WinHttpHandler.</summary>
    public static ReferenceAssemblies Net80WithWinHttpHandler { get; } =
        Net80.AddPackages(ImmutableArray.Create(new PackageIdentity("System.Net.Http.WinHttpHandler", "10.0.14")));

    /// <summary>.NET 8 with Microsoft.Extensions.Http (IHttpClientFactory).</summary>
    public static ReferenceAssemblies Net80WithHttpClientFactory { get; } =
        Net80.AddPackages(ImmutableArray.Create(
            new PackageIdentity("Microsoft.Extensions.Http", "8.0.0"),
            new PackageIdentity("Microsoft.Extensions.DependencyInjection.Abstractions", "8.0.0")));
}
