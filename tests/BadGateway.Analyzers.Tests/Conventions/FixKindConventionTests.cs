using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>
/// A fix decides what to do by the <see cref="FixKind"/> the analyzer put into the diagnostic's properties, never by
/// the message text (Meziantou's DoNotUseBlockingCallInAsyncContextData habit).
/// </summary>
public class FixKindConventionTests
{
    private static string CodeFixSources => Path.Combine(RuleCatalog.RepositoryRoot, "src", "BadGateway.Analyzers.CodeFixes");

    private static string AnalyzerSources => Path.Combine(RuleCatalog.RepositoryRoot, "src", "BadGateway.Analyzers");

    private static IReadOnlyList<string> SourceFiles(string directory) => Directory
        .EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string> CodeFixFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in SourceFiles(CodeFixSources))
        {
            data.Add(Path.GetRelativePath(CodeFixSources, file).Replace(Path.DirectorySeparatorChar, '/'));
        }

        return data;
    }

    [Fact]
    public void TheFixSourcesAreFound_EveryProviderAmongThem()
    {
        var files = SourceFiles(CodeFixSources).Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);

        Assert.All(RuleCatalog.CodeFixTypes, type => Assert.Contains(type.Name, files));
    }

    [Theory]
    [MemberData(nameof(CodeFixFiles))]
    public void NoFixSourceReadsTheMessage(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(CodeFixSources, relativePath));

        Assert.DoesNotContain("MessageFormat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GetMessage(", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKind_IsWrittenByAnAnalyzer_AndReadByAFix()
    {
        var analyzers = string.Join("\n", SourceFiles(AnalyzerSources).Where(f => Path.GetFileName(f) != "FixKind.cs").Select(File.ReadAllText));
        var fixes = string.Join("\n", SourceFiles(CodeFixSources).Select(File.ReadAllText));

        Assert.All(Enum.GetNames<FixKind>(), name =>
        {
            Assert.True(Regex.IsMatch(analyzers, $@"FixKind\.{name}\b"), $"No analyzer writes FixKind.{name}.");
            Assert.True(Regex.IsMatch(fixes, $@"FixKind\.{name}\b"), $"No fix reads FixKind.{name}.");
        });
    }

    [Fact]
    public void NoSourceReadsTheKindPropertyButThroughTryGetFixKind()
    {
        var offenders = SourceFiles(CodeFixSources).Concat(SourceFiles(AnalyzerSources))
            .Where(f => Path.GetFileName(f) != "FixKind.cs")
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"Properties\.(TryGetValue|ContainsKey)\(FixKinds\.Key|\[FixKinds\.Key\]"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryKind_RoundTripsThroughTheProperties()
    {
        Assert.All(Enum.GetValues<FixKind>(), kind =>
        {
            var diagnostic = Diagnostic.Create(Descriptors.BG0201HttpClientPerCall, Location.None, FixKinds.Properties(kind), "new HttpClient()");

            Assert.True(diagnostic.TryGetFixKind(out var read));
            Assert.Equal(kind, read);
            Assert.Equal(kind.ToString(), diagnostic.Properties[FixKinds.Key]);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bogus")]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("99")]
    [InlineData("ShareClient, KeepSharedHandler")]
    [InlineData("ShareClient,RaiseValue")]
    [InlineData("shareclient")]
    [InlineData(" ShareClient")]
    [InlineData("ShareClient ")]
    public void AnUnreadableKind_IsNoKind(string? value)
    {
        var diagnostic = Diagnostic.Create(
            Descriptors.BG0201HttpClientPerCall,
            Location.None,
            ImmutableDictionary<string, string?>.Empty.Add(FixKinds.Key, value),
            "new HttpClient()");

        Assert.False(diagnostic.TryGetFixKind(out _));
    }

    [Fact]
    public void AMissingKind_IsNoKind()
    {
        var diagnostic = Diagnostic.Create(Descriptors.BG0201HttpClientPerCall, Location.None, "new HttpClient()");

        Assert.False(diagnostic.TryGetFixKind(out _));
    }
}
