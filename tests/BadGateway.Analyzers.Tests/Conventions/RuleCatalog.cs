using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using BadGateway.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>What the two shipped assemblies contain, read by reflection, and the files that describe it.</summary>
internal static class RuleCatalog
{
    public static Assembly AnalyzerAssembly { get; } = typeof(Descriptors).Assembly;

    public static Assembly CodeFixAssembly { get; } = typeof(CodeFixAssemblyMarker).Assembly;

    /// <summary>Every descriptor declared in <c>Descriptors.cs</c>, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = typeof(Descriptors)
        .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>One descriptor per rule id (a rule may have several messages, one descriptor each).</summary>
    public static ImmutableArray<DiagnosticDescriptor> Rules { get; } = Descriptors
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .Select(g => g.First())
        .ToImmutableArray();

    public static ImmutableArray<Type> AnalyzerTypes { get; } = ConcreteSubtypes<DiagnosticAnalyzer>(AnalyzerAssembly);

    public static ImmutableArray<Type> CodeFixTypes { get; } = ConcreteSubtypes<CodeFixProvider>(CodeFixAssembly);

    public static ImmutableHashSet<string> FixableIds { get; } = CodeFixTypes
        .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
        .ToImmutableHashSet(StringComparer.Ordinal);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The repository-relative path a help link points at (the part after <c>/blob/main/</c>).</summary>
    public static string? RelativePathOfHelpLink(string helpLink)
    {
        const string marker = "/blob/main/";
        var index = helpLink.IndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? null : helpLink.Substring(index + marker.Length);
    }

    /// <summary><c>rules.md</c> as it must read for the descriptors and fixes in the assemblies.</summary>
    public static string RenderRulesIndex()
    {
        var text = new StringBuilder();
        text.Append("# BadGateway.Analyzers rules\n\n");
        text.Append("Every rule of the package, its default severity and whether `dotnet format analyzers` can fix it. ");
        text.Append("Each id links to its page: why the pattern makes a reverse proxy answer 502, bad and good code, options, and when to suppress.\n\n");
        text.Append("| Id | Title | Category | Default severity | Code fix |\n");
        text.Append("|----|-------|----------|------------------|----------|\n");
        foreach (var descriptor in Rules)
        {
            text.Append($"| [{descriptor.Id}](docs/rules/{descriptor.Id}.md) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {(FixableIds.Contains(descriptor.Id) ? "Yes" : "No")} |\n");
        }

        text.Append("\n## Changing a severity\n\n");
        text.Append("In `.editorconfig`:\n\n");
        text.Append("```ini\n[*.cs]\ndotnet_diagnostic.BG0201.severity = error   # error, warning, suggestion, silent or none\n```\n\n");
        text.Append("This file is checked by a test (`RulesIndexTests`) against the descriptors in `src/BadGateway.Analyzers/Descriptors.cs`; when a rule changes, update both.\n");
        return text.ToString();
    }

    private static ImmutableArray<Type> ConcreteSubtypes<T>(Assembly assembly) => assembly
        .GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToImmutableArray();

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
