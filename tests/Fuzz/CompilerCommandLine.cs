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
    public static CompilerCommandLine Read(string path)
    {
        var text = File.ReadAllText(path);
        var line = path.EndsWith(".rsp", StringComparison.OrdinalIgnoreCase)
            ? text
            : text.Split('\n').FirstOrDefault(l => l.Contains("/reference:", StringComparison.Ordinal) && l.Contains("csc", StringComparison.Ordinal))
              ?? throw new InvalidDataException($"{path} has no csc command line (a line with /reference:).");
        var arguments = CommandLineParser.SplitCommandLineIntoArguments(line.Trim(), removeHashComments: true).ToList();
        var compiler = arguments.FindIndex(a => a.EndsWith("csc", StringComparison.Ordinal) || a.EndsWith("csc.dll", StringComparison.Ordinal) || a.EndsWith("csc.exe", StringComparison.Ordinal));
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
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
        return new CompilerCommandLine(references, parsed.ParseOptions, compilationOptions);
    }
}
