using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Benchmarks.RealWorld;

/// <summary>
/// A real project's compilation, rebuilt in process from its compiler arguments: the <c>csc</c> line of a detailed
/// build log (<c>dotnet build -v:d</c>) or a <c>.rsp</c>, read with Roslyn's own command-line parser (as
/// tests/Fuzz/CompilerCommandLine.cs does, which resets the options for fuzzing single files; this one keeps them).
/// The project's source generators (its <c>/analyzer:</c> references, less ours) run once at load; their output is
/// part of every compilation, as in the build. The <c>.editorconfig</c> and global config files of the line give the
/// analyzers their options and the generated-code flags; the rules measured here are switched on whatever they say.
/// </summary>
internal sealed class RealProject
{
    private RealProject(string name, string path)
    {
        Name = name;
        Path = path;
    }

    /// <summary>The project's name in the tables; a later pass over the inputs (<c>--passes</c>) adds its number.</summary>
    public string Name { get; set; }

    /// <summary>The log or .rsp the project was read from.</summary>
    public string Path { get; }

    public ImmutableArray<SyntaxTree> SourceTrees { get; private set; }

    /// <summary>The source generators' output (hint-named trees under <c>/generated/</c>).</summary>
    public ImmutableArray<SyntaxTree> GeneratedTrees { get; private set; }

    public ImmutableArray<MetadataReference> References { get; private set; }

    public CSharpParseOptions ParseOptions { get; private set; } = CSharpParseOptions.Default;

    public CSharpCompilationOptions CompilationOptions { get; private set; } = new(OutputKind.DynamicallyLinkedLibrary);

    public AnalyzerOptions AnalyzerOptions { get; private set; } = new(ImmutableArray<AdditionalText>.Empty);

    /// <summary>The analyzer config files of the line (path and text), for the workspace of the fix measurements.</summary>
    public ImmutableArray<(string Path, string Text)> AnalyzerConfigFiles { get; private set; }

    public ImmutableArray<string> Generators { get; private set; }

    public int Lines { get; private set; }

    /// <summary>The compiler errors of the full compilation (with the generators' output), first few only.</summary>
    public ImmutableArray<Diagnostic> Errors { get; private set; }

    public string AssemblyName { get; private set; } = "Project";

    /// <summary>The diagnostic ids switched on (Warn) in every compilation made here, whatever the project's configuration says.</summary>
    public static ImmutableArray<string> ForcedIds { get; set; } = ImmutableArray<string>.Empty;

    public CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create(AssemblyName, SourceTrees.AddRange(GeneratedTrees), References, CompilationOptions);

    /// <summary>
    /// The project name of a corpus log: <c>owner+repo__Project.measured.tfm.log</c> (a <c>run</c>'s measured build) gives
    /// "Project (tfm)", <c>owner+repo__Project.speed.N.alone.log</c> (a <c>speed</c> build) "Project (speed)"; any other
    /// file its name without extension.
    /// </summary>
    public static string NameOf(string path) =>
        CorpusLog(path) is var (project, label) ? $"{project} ({label})" : System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>The project and the label (framework, or "speed") a corpus log's file name gives; null for any other file.</summary>
    private static (string Project, string Label)? CorpusLog(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        var match = Regex.Match(file, @"__(?<project>.+?)\.measured\.(?<tfm>.+)\.log$");
        if (match.Success)
        {
            return (match.Groups["project"].Value, match.Groups["tfm"].Value);
        }

        match = Regex.Match(file, @"__(?<project>.+?)\.speed\.[0-9]+\.(alone|peers)\.log$");
        return match.Success ? (match.Groups["project"].Value, "speed") : null;
    }

    public static RealProject Load(string path, bool concurrent)
    {
        var text = File.ReadAllText(path);
        var isRsp = path.EndsWith(".rsp", StringComparison.OrdinalIgnoreCase);
        var line = isRsp
            ? string.Join(' ', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            : text.Split('\n').LastOrDefault(l => l.Contains("/reference:", StringComparison.Ordinal) && l.Contains("csc", StringComparison.Ordinal))
              ?? throw new InvalidDataException($"{path} has no csc command line (a line with /reference:).");
        var arguments = CommandLineParser.SplitCommandLineIntoArguments(line.Trim(), removeHashComments: false).ToList();
        var compiler = arguments.FindIndex(a => a.EndsWith("csc", StringComparison.Ordinal) || a.EndsWith("csc.dll", StringComparison.Ordinal) || a.EndsWith("csc.exe", StringComparison.Ordinal));
        var projectName = CorpusLog(path)?.Project ?? string.Empty;
        var baseDirectory = (isRsp || projectName.Length == 0 ? null : ProjectDirectory(text, projectName))
            ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var parsed = CSharpCommandLineParser.Default.Parse(arguments.Skip(compiler + 1), baseDirectory, sdkDirectory: null);

        var project = new RealProject(NameOf(path), path);
        project.Load(parsed, concurrent);
        return project;
    }

    private void Load(CSharpCommandLineArguments parsed, bool concurrent)
    {
        AssemblyName = System.IO.Path.GetFileNameWithoutExtension(parsed.OutputFileName ?? "Project.dll");
        ParseOptions = parsed.ParseOptions;
        References = parsed.MetadataReferences
            .Where(r => File.Exists(r.Reference))
            .Select(r => (MetadataReference)MetadataReference.CreateFromFile(r.Reference))
            .ToImmutableArray();
        if (References.IsEmpty)
        {
            throw new InvalidDataException($"{Path}: none of the compiler's references exists on this machine.");
        }

        SourceTrees = parsed.SourceFiles
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f.Path), System.Text.Encoding.UTF8), ParseOptions, f.Path))
            .ToImmutableArray();
        Lines = SourceTrees.Sum(t => t.GetText().Lines.Count);

        AnalyzerConfigFiles = parsed.AnalyzerConfigPaths.Where(File.Exists).Select(p => (p, File.ReadAllText(p))).ToImmutableArray();
        var configSet = AnalyzerConfigSet.Create(AnalyzerConfigFiles.Select(f => AnalyzerConfig.Parse(f.Text, f.Path)).ToList());
        var additionalTexts = parsed.AdditionalFiles.Where(f => File.Exists(f.Path))
            .Select(f => (AdditionalText)new FileText(f.Path))
            .ToImmutableArray();

        var optionsProvider = new ConfigOptionsProvider(configSet, additionalTexts);
        AnalyzerOptions = new AnalyzerOptions(additionalTexts, optionsProvider);
        CompilationOptions = parsed.CompilationOptions
            .WithSpecificDiagnosticOptions(parsed.CompilationOptions.SpecificDiagnosticOptions.SetItems(ForcedIds.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn))))
            .WithSyntaxTreeOptionsProvider(new ForcedSyntaxTreeOptionsProvider(configSet, ForcedIds))
            .WithGeneralDiagnosticOption(ReportDiagnostic.Default)
            .WithCryptoKeyFile(null)
            .WithCryptoKeyContainer(null)
            .WithStrongNameProvider(null)
            .WithDelaySign(null)
            .WithSourceReferenceResolver(null)
            .WithXmlReferenceResolver(null)
            .WithMetadataReferenceResolver(null)
            .WithConcurrentBuild(concurrent);

        RunGenerators(parsed, optionsProvider, additionalTexts);
        Errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    private void RunGenerators(CSharpCommandLineArguments parsed, AnalyzerConfigOptionsProvider optionsProvider, ImmutableArray<AdditionalText> additionalTexts)
    {
        var loader = new AssemblyLoader();
        var paths = parsed.AnalyzerReferences
            .Select(r => r.FilePath)
            .Where(p => File.Exists(p) && !System.IO.Path.GetFileName(p).StartsWith("BadGateway.", StringComparison.Ordinal))
            .ToList();
        foreach (var path in paths)
        {
            loader.AddDependencyLocation(path);
        }

        var generators = paths
            .SelectMany(p =>
            {
                try
                {
                    return new AnalyzerFileReference(p, loader).GetGenerators(LanguageNames.CSharp);
                }
                catch (Exception e) when (e is IOException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException)
                {
                    Console.Error.WriteLine($"  {Name}: generators of {p} not loaded: {e.Message}");
                    return Enumerable.Empty<ISourceGenerator>();
                }
            })
            .ToImmutableArray();
        Generators = generators.Select(g => g.GetGeneratorType().Name).ToImmutableArray();
        if (generators.IsEmpty)
        {
            GeneratedTrees = ImmutableArray<SyntaxTree>.Empty;
            return;
        }

        var driver = CSharpGeneratorDriver.Create(generators, additionalTexts, ParseOptions, optionsProvider);
        var compilation = CSharpCompilation.Create(AssemblyName, SourceTrees, References, CompilationOptions);
        var result = driver.RunGenerators(compilation).GetRunResult();
        foreach (var failure in result.Results.Where(r => r.Exception is not null))
        {
            Console.Error.WriteLine($"  {Name}: generator {failure.Generator.GetGeneratorType().Name} threw {failure.Exception!.GetType().Name}: {failure.Exception.Message}");
        }

        GeneratedTrees = result.GeneratedTrees;
    }

    /// <summary>The directory of <paramref name="projectName"/>'s project file, as the build log names it (csc ran there).</summary>
    private static string? ProjectDirectory(string log, string projectName)
    {
        var match = Regex.Match(log, @"(/[^\s""':;]+)/" + Regex.Escape(projectName) + @"\.csproj");
        return match.Success ? match.Groups[1].Value : null;
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
    }

    /// <summary>
    /// Each project's generators in a load context of their own: projects of one run reference different versions of
    /// the same generator (System.Text.Json.SourceGeneration 8.0 and 10.0), which one context cannot hold side by side.
    /// Roslyn itself comes from the default context, shared with the compilation.
    /// </summary>
    private sealed class AssemblyLoader() : System.Runtime.Loader.AssemblyLoadContext("generators", isCollectible: false), IAnalyzerAssemblyLoader
    {
        private readonly List<string> _directories = new();

        public void AddDependencyLocation(string fullPath)
        {
            var directory = System.IO.Path.GetDirectoryName(fullPath)!;
            if (!_directories.Contains(directory))
            {
                _directories.Add(directory);
            }
        }

        public Assembly LoadFromPath(string fullPath)
        {
            AddDependencyLocation(fullPath);
            return LoadFromAssemblyPath(fullPath);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is null || assemblyName.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || assemblyName.Name.StartsWith("System.", StringComparison.Ordinal) && Default.Assemblies.Any(a => a.GetName().Name == assemblyName.Name))
            {
                return null;
            }

            return _directories
                .Select(d => System.IO.Path.Combine(d, assemblyName.Name + ".dll"))
                .Where(File.Exists)
                .Select(LoadFromAssemblyPath)
                .FirstOrDefault();
        }
    }

    /// <summary>The analyzer options of the project's config files, per tree (and per additional file), as csc computes them.</summary>
    private sealed class ConfigOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigSet _set;
        private readonly Dictionary<string, AnalyzerConfigOptions> _byPath = new(StringComparer.Ordinal);

        public ConfigOptionsProvider(AnalyzerConfigSet set, ImmutableArray<AdditionalText> additionalTexts)
        {
            _set = set;
            GlobalOptions = new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);
            foreach (var text in additionalTexts)
            {
                _ = Get(text.Path);
            }
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Get(tree.FilePath);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Get(textFile.Path);

        private AnalyzerConfigOptions Get(string path)
        {
            lock (_byPath)
            {
                if (!_byPath.TryGetValue(path, out var options))
                {
                    options = new DictionaryOptions(_set.GetOptionsForSourcePath(path).AnalyzerOptions);
                    _byPath.Add(path, options);
                }

                return options;
            }
        }
    }

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }

    /// <summary>The severities of the project's config files, except for the measured ids, which are always Warn (a peer the project switched off is still measured).</summary>
    private sealed class ForcedSyntaxTreeOptionsProvider(AnalyzerConfigSet set, ImmutableArray<string> forced) : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<string, AnalyzerConfigOptionsResult> _byPath = new(StringComparer.Ordinal);

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            Get(tree.FilePath).AnalyzerOptions.TryGetValue("generated_code", out var value)
                ? (bool.TryParse(value, out var generated) && generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated)
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (forced.Contains(diagnosticId))
            {
                severity = ReportDiagnostic.Warn;
                return true;
            }

            return Get(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (forced.Contains(diagnosticId))
            {
                severity = ReportDiagnostic.Warn;
                return true;
            }

            return set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        private AnalyzerConfigOptionsResult Get(string path)
        {
            lock (_byPath)
            {
                if (!_byPath.TryGetValue(path, out var result))
                {
                    result = set.GetOptionsForSourcePath(path);
                    _byPath.Add(path, result);
                }

                return result;
            }
        }
    }
}
