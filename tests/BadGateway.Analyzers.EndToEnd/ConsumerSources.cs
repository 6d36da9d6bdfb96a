using System;
using System.Collections.Generic;
using System.Linq;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>The consumer projects and the code with each rule's pattern.</summary>
internal static class ConsumerSources
{
    public const string Net80Console = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net8.0</TargetFramework>
            <UseAppHost>false</UseAppHost>
            <Nullable>enable</Nullable>
          </PropertyGroup>
        </Project>
        """;

    public const string Net48Library = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net48</TargetFramework>
            <LangVersion>latest</LangVersion>
            <PackageId>Consumer.Net48</PackageId>
            <Version>1.0.0</Version>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="1.0.3" PrivateAssets="all" />
            <Reference Include="System.Net.Http" />
          </ItemGroup>
        </Project>
        """;

    public const string Program = """
        using System;
        using System.Threading.Tasks;

        public static class Program
        {
            public static async Task Main()
            {
                Console.WriteLine(await new Consumer.PriceClient().GetPriceAsync("sku-1"));
            }
        }
        """;

    /// <summary>BG0201 fires on the line that holds <c>new HttpClient()</c>.</summary>
    public const string PriceClient = """
        using System.Net.Http;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public sealed class PriceClient
            {
                // Per call: a new connection pool every time.
                public async Task<string> GetPriceAsync(string sku)
                {
                    using (var client = new HttpClient())
                    {
                        return await client.GetStringAsync("https://prices.example/" + sku);
                    }
                }
            }
        }
        """;

    /// <summary>BG0301 on a handler that never gets MaxConnectionsPerServer.</summary>
    public const string Connections = """
        using System.Net.Http;

        namespace Consumer
        {
            public static class Connections
            {
                // The handler of the catalogue client.
                public static HttpClient CreateCatalogueClient()
                {
                    var handler = new HttpClientHandler();
                    return new HttpClient(handler, disposeHandler: true);
                }

                // Has no effect on HttpClient on .NET 8.
                public static void Tune() => System.Net.ServicePointManager.DefaultConnectionLimit = 100;
            }
        }
        """;

    /// <summary>BG0302 (a limit of 2) on .NET Framework, and a handler whose limit a library leaves to the app (no BG0301).</summary>
    public const string LegacyConnections = """
        using System.Net;
        using System.Net.Http;

        namespace Consumer
        {
            public static class LegacyConnections
            {
                public static HttpClient Create()
                {
                    ServicePointManager.DefaultConnectionLimit = 2; // tuned long ago
                    return new HttpClient(new HttpClientHandler { UseCookies = false });
                }
            }
        }
        """;

    public static IReadOnlyDictionary<string, string> Files(params (string Name, string Text)[] files) =>
        files.ToDictionary(f => f.Name, f => f.Text);

    /// <summary>The 1-based line of the first occurrence of <paramref name="fragment"/>.</summary>
    public static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the source.");
        return text.Substring(0, index).Count(c => c == '\n') + 1;
    }
}
