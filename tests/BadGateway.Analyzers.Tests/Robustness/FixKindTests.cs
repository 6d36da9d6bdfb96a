using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>
/// The analyzers tell the fixes what to do through a <see cref="FixKind"/> in the diagnostic's properties: each
/// report carries the kind its fix makes, and a fix given a diagnostic without a kind, with an unreadable one or with
/// another rule's kind offers nothing and does not throw.
/// </summary>
public class FixKindTests
{
    /// <summary>A report of one of the cases below: the descriptor, the kind it carries (or none), the fixes offered.</summary>
    private sealed record Case(string Name, string Source, bool NetFramework, DiagnosticDescriptor Descriptor, FixKind? Kind, string[] EquivalenceKeys);

    private static readonly Case[] s_cases =
    {
        new(
            "BG0201 client per call",
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                public async Task<string> Get(string url)
                {
                    using var client = new HttpClient();
                    return await client.GetStringAsync(url);
                }
            }
            """,
            NetFramework: false,
            Descriptors.BG0201HttpClientPerCall,
            FixKind.ShareClient,
            new[] { BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey }),
        new(
            "BG0201 client per call in a lambda",
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                public Func<string, Task<string>> Get => url => new HttpClient().GetStringAsync(url);
            }
            """,
            NetFramework: false,
            Descriptors.BG0201HttpClientPerCall,
            FixKind.ShareClient,
            new[] { BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey }),
        new(
            "BG0201 client per call over a shared handler",
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class C
            {
                private static readonly HttpClientHandler s_handler = new HttpClientHandler();

                public Task<string> Get(string url)
                {
                    using var client = new HttpClient(s_handler);
                    return client.GetStringAsync(url);
                }
            }
            """,
            NetFramework: false,
            Descriptors.BG0201SharedHandlerDisposed,
            FixKind.KeepSharedHandler,
            new[] { BG0201HttpClientPerCallCodeFixProvider.KeepHandlerKey }),
        new(
            "BG0201 client a factory returns",
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Clients
            {
                public static HttpClient Create()
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
                }
            }

            class Controller
            {
                public Task<string> GetAsync(string url) => Clients.Create().GetStringAsync(url);
            }
            """,
            NetFramework: false,
            Descriptors.BG0201FactoryClientPerCall,
            Kind: null,
            Array.Empty<string>()),
        new(
            "BG0301 handler without a limit",
            """
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler());

                static void Main() { }
            }
            """,
            NetFramework: false,
            Descriptors.BG0301MaxConnectionsPerServerNotSet,
            FixKind.SetInInitializer,
            new[] { BG0301MaxConnectionsPerServerCodeFixProvider.EquivalenceKey }),
        new(
            "BG0301 shared client without a handler",
            """
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient s_client = new HttpClient();

                static void Main() { }
            }
            """,
            NetFramework: false,
            Descriptors.BG0301SharedClientWithoutHandler,
            FixKind.AddHandler,
            new[] { BG0301MaxConnectionsPerServerCodeFixProvider.EquivalenceKey }),
        new(
            "BG0301 low literal",
            """
            using System.Net.Http;

            static class Program
            {
                private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2 };

                static void Main() { }
            }
            """,
            NetFramework: false,
            Descriptors.BG0301MaxConnectionsPerServerTooLow,
            FixKind.RaiseValue,
            new[] { BG0301MaxConnectionsPerServerCodeFixProvider.EquivalenceKey }),
        new(
            "BG0301 low named constant",
            """
            using System.Net.Http;

            static class Program
            {
                private const int Limit = 2;
                private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler { MaxConnectionsPerServer = Limit };

                static void Main() { }
            }
            """,
            NetFramework: false,
            Descriptors.BG0301MaxConnectionsPerServerTooLow,
            Kind: null,
            Array.Empty<string>()),
        new(
            "BG0302 low literal",
            """
            using System.Net;

            static class Program
            {
                static void Main()
                {
                    ServicePointManager.DefaultConnectionLimit = 2;
                }
            }
            """,
            NetFramework: true,
            Descriptors.BG0302DefaultConnectionLimitTooLow,
            FixKind.RaiseValue,
            new[] { BG0302DefaultConnectionLimitCodeFixProvider.EquivalenceKey }),
        new(
            "BG0302 never set, with an entry point",
            """
            using System;
            using System.Net.Http;

            static class Program
            {
                static void Main()
                {
                    using (var client = new HttpClient())
                    {
                        Console.WriteLine(client.GetStringAsync("https://example.org").Result);
                    }
                }
            }
            """,
            NetFramework: true,
            Descriptors.BG0302DefaultConnectionLimitNotSet,
            FixKind.InsertInMain,
            new[] { BG0302DefaultConnectionLimitCodeFixProvider.EquivalenceKey }),
    };

    /// <summary>Property values that name no kind: each would be a kind to a lax parser (a number, a list, another case, spaces).</summary>
    private static readonly string?[] s_unreadable = { null, "", "Bogus", "1", "-1", "ShareClient, RaiseValue", "shareclient", " ShareClient", "ShareClient " };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static TheoryData<string> CasesWithAKind()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_cases.Where(c => c.Kind is not null))
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheAnalyzerWritesTheKind_AndTheFixOffersItsActions(string name)
    {
        var c = s_cases.Single(c => c.Name == name);
        var (project, diagnostic) = await ReportAsync(c);

        if (c.Kind is { } expected)
        {
            Assert.True(diagnostic.TryGetFixKind(out var kind), $"{c.Name}: the report carries no fix kind.");
            Assert.Equal(expected, kind);
        }
        else
        {
            Assert.False(diagnostic.Properties.ContainsKey(FixKinds.Key), $"{c.Name}: the report carries a fix kind.");
        }

        var actions = await AnalyzerHarness.FixesForAsync(project, diagnostic);
        Assert.Equal(c.EquivalenceKeys, actions.Select(a => a.EquivalenceKey).ToArray());
    }

    [Theory]
    [MemberData(nameof(CasesWithAKind))]
    public async Task WithoutTheKind_TheFixOffersNothing(string name)
    {
        var c = s_cases.Single(c => c.Name == name);
        var (project, diagnostic) = await ReportAsync(c);

        var actions = await AnalyzerHarness.FixesForAsync(project, WithProperties(diagnostic, diagnostic.Properties.Remove(FixKinds.Key)));

        Assert.Empty(actions);
    }

    [Theory]
    [MemberData(nameof(CasesWithAKind))]
    public async Task WithoutAnyProperty_TheFixOffersNothing(string name)
    {
        var c = s_cases.Single(c => c.Name == name);
        var (project, diagnostic) = await ReportAsync(c);

        var actions = await AnalyzerHarness.FixesForAsync(project, WithProperties(diagnostic, ImmutableDictionary<string, string?>.Empty));

        Assert.Empty(actions);
    }

    [Theory]
    [MemberData(nameof(CasesWithAKind))]
    public async Task WithAnUnreadableKind_TheFixOffersNothing(string name)
    {
        var c = s_cases.Single(c => c.Name == name);
        var (project, diagnostic) = await ReportAsync(c);

        foreach (var value in s_unreadable)
        {
            var actions = await AnalyzerHarness.FixesForAsync(project, WithProperties(diagnostic, diagnostic.Properties.SetItem(FixKinds.Key, value)));
            Assert.True(actions.Count == 0, $"{c.Name}: the fix offered {actions.Count} action(s) for the kind '{value ?? "(null)"}'.");
        }
    }

    [Theory]
    [MemberData(nameof(CasesWithAKind))]
    public async Task WithAKindItsFixDoesNotMake_TheFixOffersNothing(string name)
    {
        var c = s_cases.Single(c => c.Name == name);
        var (project, diagnostic) = await ReportAsync(c);
        var made = s_cases.Where(other => other.Descriptor.Id == c.Descriptor.Id && other.Kind is not null).Select(other => other.Kind!.Value).ToHashSet();
        var foreign = Enum.GetValues<FixKind>().Where(k => !made.Contains(k)).ToList();
        Assert.NotEmpty(foreign);

        foreach (var kind in foreign)
        {
            var actions = await AnalyzerHarness.FixesForAsync(project, WithProperties(diagnostic, diagnostic.Properties.SetItem(FixKinds.Key, kind.ToString())));
            Assert.True(actions.Count == 0, $"{c.Name}: the {c.Descriptor.Id} fix offered {actions.Count} action(s) for {kind}.");
        }
    }

    [Fact]
    public async Task BG0301AddHandler_WithoutTheHandlerType_OffersNothing()
    {
        var (project, diagnostic) = await ReportAsync(s_cases.Single(c => c.Kind == FixKind.AddHandler));
        Assert.True(diagnostic.Properties.ContainsKey(BG0301MaxConnectionsPerServerAnalyzer.HandlerTypeKey));

        var actions = await AnalyzerHarness.FixesForAsync(project, WithProperties(diagnostic, diagnostic.Properties.Remove(BG0301MaxConnectionsPerServerAnalyzer.HandlerTypeKey)));

        Assert.Empty(actions);
    }

    [Theory]
    [InlineData(BG0201HttpClientPerCallCodeFixProvider.SharedFieldKey)]
    [InlineData(BG0201HttpClientPerCallCodeFixProvider.KeepHandlerKey)]
    [InlineData(BG0201HttpClientPerCallCodeFixProvider.FactoryKey)]
    public async Task BG0201FixAll_LeavesDiagnosticsWithoutAKindAlone(string equivalenceKey)
    {
        var source = string.Join("\n", s_cases.Where(c => c.Descriptor.Id == DiagnosticIds.HttpClientPerCall && !c.NetFramework).Select((c, i) => $"namespace N{i}\n{{\n{c.Source}\n}}"));
        var project = await ProjectAsync(source, ReferenceAssemblyPresets.Net80WithHttpClientFactory, OutputKind.DynamicallyLinkedLibrary);
        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project);
        Assert.Empty(exceptions);
        var reports = diagnostics.Where(d => d.Id == DiagnosticIds.HttpClientPerCall).ToImmutableArray();
        Assert.True(reports.Length >= 4, $"Expected a BG0201 report per case, got {reports.Length}.");
        var fix = new BG0201HttpClientPerCallCodeFixProvider();

        var withKinds = await AnalyzerHarness.FixAllAsync(project, fix, equivalenceKey, reports);
        var withoutKinds = await AnalyzerHarness.FixAllAsync(project, fix, equivalenceKey, reports.Select(d => WithProperties(d, ImmutableDictionary<string, string?>.Empty)).ToImmutableArray());

        var original = (await project.Documents.Single().GetTextAsync()).ToString();
        Assert.NotEqual(original, (await withKinds.GetDocument(project.Documents.Single().Id)!.GetTextAsync()).ToString());
        Assert.Equal(original, (await withoutKinds.GetDocument(project.Documents.Single().Id)!.GetTextAsync()).ToString());
    }

    /// <summary>The project of <paramref name="c"/> and its one report of the case's descriptor.</summary>
    private static async Task<(Project Project, Diagnostic Diagnostic)> ReportAsync(Case c)
    {
        var project = await ProjectAsync(c.Source, c.NetFramework ? ReferenceAssemblyPresets.Net48 : ReferenceAssemblyPresets.Net80, OutputKind.ConsoleApplication);
        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project);
        Assert.Empty(exceptions);
        var reports = diagnostics.Where(d => d.Id == c.Descriptor.Id && d.Descriptor.MessageFormat.ToString() == c.Descriptor.MessageFormat.ToString()).ToList();
        Assert.True(reports.Count == 1, $"{c.Name}: expected one {c.Descriptor.Id} report, got: {string.Join("; ", diagnostics)}");
        return (project, reports[0]);
    }

    private static async Task<Project> ProjectAsync(string source, ReferenceAssemblies references, OutputKind outputKind)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "FixKinds",
                "FixKinds",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: AnalyzerHarness.ParseOptions))
            .AddMetadataReferences(projectId, await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test.cs", SourceText.From(source), filePath: "/fixkinds/Test.cs");
        return solution.GetProject(projectId)!;
    }

    /// <summary>
    /// <paramref name="diagnostic"/> with other properties. The message arguments are not public; the fixes never
    /// read the message, so placeholders do.
    /// </summary>
    private static Diagnostic WithProperties(Diagnostic diagnostic, ImmutableDictionary<string, string?> properties) =>
        Diagnostic.Create(diagnostic.Descriptor, diagnostic.Location, diagnostic.AdditionalLocations, properties, "expression", "member");
}
