using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// A project's compiler arguments, read with Roslyn's own command-line parser from a <c>.rsp</c> file or from the
/// <c>csc</c> line of a detailed build log (<c>dotnet build -v:d</c>).
/// </summary>
public sealed record CompilerCommandLine(ImmutableArray<MetadataReference> References, CSharpParseOptions ParseOptions, CSharpCompilationOptions CompilationOptions)
{
    /// <summary>The compiled files, as full paths (relative ones resolved against the project directory the log names).</summary>
    public ImmutableArray<string> SourceFiles { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The project's own output kind (<see cref="CompilationOptions"/> always builds a library, for fuzzing single files).</summary>
    public OutputKind OutputKind { get; init; } = OutputKind.DynamicallyLinkedLibrary;

    /// <param name="projectName">The project the log built (<c>Cake.Common</c>): relative paths are resolved against its directory, as csc ran there; without it, against the log's own directory.</param>
    public static CompilerCommandLine Read(string path, string? projectName = null)
    {
        var text = File.ReadAllText(path);
        var line = path.EndsWith(".rsp", StringComparison.OrdinalIgnoreCase)
            ? text
            : text.Split('\n').FirstOrDefault(l => l.Contains("/reference:", StringComparison.Ordinal) && l.Contains("csc", StringComparison.Ordinal))
              ?? throw new InvalidDataException($"{path} has no csc command line (a line with /reference:).");
        var arguments = CommandLineParser.SplitCommandLineIntoArguments(line.Trim(), removeHashComments: true).ToList();
        var compiler = arguments.FindIndex(a => a.EndsWith("csc", StringComparison.Ordinal) || a.EndsWith("csc.dll", StringComparison.Ordinal) || a.EndsWith("csc.exe", StringComparison.Ordinal));
        var baseDirectory = (projectName is null ? null : ProjectDirectory(text, projectName)) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        var parsed = CSharpCommandLineParser.Default.Parse(arguments.Skip(compiler + 1), baseDirectory, sdkDirectory: null);
        var references = parsed.MetadataReferences
            .Where(r => File.Exists(r.Reference))
            .Select(r => (MetadataReference)MetadataReference.CreateFromFile(r.Reference))
            .ToImmutableArray();
        if (references.IsEmpty)
        {
            throw new InvalidDataException($"{path}: none of the compiler's references exists on this machine.");
        }

        var compilationOptions = parsed.CompilationOptions
            .WithOutputKind(OutputKind.DynamicallyLinkedLibrary)
            .WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Default)
            .WithCryptoKeyFile(null)
            .WithStrongNameProvider(null)
            .WithDelaySign(null)
            .WithSourceReferenceResolver(null)
            .WithXmlReferenceResolver(null)
            .WithMetadataReferenceResolver(null);
        return new CompilerCommandLine(references, parsed.ParseOptions, compilationOptions)
        {
            SourceFiles = parsed.SourceFiles.Select(f => f.Path).ToImmutableArray(),
            OutputKind = parsed.CompilationOptions.OutputKind,
        };
    }

    /// <summary>The directory of <paramref name="projectName"/>'s project file, as the build log names it.</summary>
    private static string? ProjectDirectory(string log, string projectName)
    {
        var match = System.Text.RegularExpressions.Regex.Match(log, @"(/[^\s""':;]+)/" + System.Text.RegularExpressions.Regex.Escape(projectName) + @"\.csproj");
        return match.Success ? match.Groups[1].Value : null;
    }
}
