using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// C# files the fuzzer breaks, and how they compile: the project's own references, preprocessor symbols and language
/// options when a compiler command line is known (the <c>csc</c> line of a build log, or a <c>.rsp</c> file), the .NET 8
/// reference assemblies otherwise.
/// </summary>
public sealed class SourceSet
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_net80 = new(() =>
        ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    private SourceSet(string name, IReadOnlyList<SourceFile> files, ImmutableArray<MetadataReference> references, CSharpParseOptions parseOptions, CSharpCompilationOptions compilationOptions)
    {
        Name = name;
        Files = files;
        References = references;
        ParseOptions = parseOptions;
        CompilationOptions = compilationOptions;
    }

    public string Name { get; }

    public IReadOnlyList<SourceFile> Files { get; }

    public ImmutableArray<MetadataReference> References { get; }

    public CSharpParseOptions ParseOptions { get; }

    public CSharpCompilationOptions CompilationOptions { get; }

    /// <summary>No files: a set to run single inputs against, compiled with <paramref name="references"/> (the .NET 8 reference assemblies by default).</summary>
    public static async Task<SourceSet> EmptyAsync(ImmutableArray<MetadataReference>? references = null) =>
        new("inputs", Array.Empty<SourceFile>(), references ?? await s_net80.Value.ConfigureAwait(false), DefaultParseOptions, DefaultCompilationOptions);

    /// <summary>Our own corpus: the hand-written sources and <paramref name="generatedFiles"/> generated ones.</summary>
    public static async Task<SourceSet> OwnCorpusAsync(int generatedFiles, int seed)
    {
        var files = CorpusGenerator.HandWritten()
            .Concat(CorpusGenerator.Generate(generatedFiles, seed))
            .Select(f => new SourceFile("corpus/" + f.Name, () => f.Text))
            .ToList();
        return new SourceSet("own-corpus", files, await s_net80.Value.ConfigureAwait(false), DefaultParseOptions, DefaultCompilationOptions);
    }

    /// <summary>
    /// Every <c>.cs</c> file under <paramref name="folder"/> (not under <c>bin</c> or <c>obj</c>, at most
    /// <paramref name="maxBytes"/> long), compiled as <paramref name="compilerArguments"/> says when given.
    /// </summary>
    public static async Task<SourceSet> FolderAsync(string folder, string? compilerArguments, long maxBytes)
    {
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(Path.GetRelativePath(root, p)) && new FileInfo(p).Length <= maxBytes)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new SourceFile(Path.GetRelativePath(root, p), () => File.ReadAllText(p)))
            .ToList();
        var name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        if (compilerArguments is null)
        {
            return new SourceSet(name, files, await s_net80.Value.ConfigureAwait(false), DefaultParseOptions, DefaultCompilationOptions);
        }

        var arguments = CompilerCommandLine.Read(compilerArguments);
        return new SourceSet(name, files, arguments.References, arguments.ParseOptions, arguments.CompilationOptions);
    }

    public static CSharpParseOptions DefaultParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions DefaultCompilationOptions { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git");
}

/// <summary>A file of a source set; its text is read when it is fuzzed, so a set of thousands of files costs little.</summary>
public sealed record SourceFile(string Path, Func<string> ReadText);
