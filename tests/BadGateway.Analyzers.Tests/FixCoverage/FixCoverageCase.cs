using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BadGateway.Analyzers.Corpus;

namespace BadGateway.Analyzers.Tests.FixCoverage;

/// <summary>
/// One case of a <c>FixCoverage/Cases/BGxxxx.cases</c> file: a small compiling file that holds one report shape a rule
/// issue names. A case runs from its <c>### name</c> line to the next; the comment lines right after it give the target
/// (<c>// target: net48</c>), the output kind (<c>// kind: exe</c>) and .editorconfig lines (<c>// editorconfig: key = value</c>).
/// A line whose report gets no fix on purpose ends with <c>// no-fix: reason</c>.
/// </summary>
internal sealed record FixCoverageCase(string Rule, string Name, string Target, bool IsExecutable, IReadOnlyList<string> EditorConfig, string Source)
{
    public const string NoFixMark = "// no-fix:";

    private static readonly string[] Targets = { "net8.0", "net48", "net48-web", "net8.0-factory" };

    public static string CasesFolder => Path.Combine(CorpusGenerator.RepositoryRoot(), "tests", "BadGateway.Analyzers.Tests", "FixCoverage", "Cases");

    /// <summary>The cases of <c>Cases/{rule}.cases</c>.</summary>
    public static IReadOnlyList<FixCoverageCase> Load(string rule) => Parse(rule, File.ReadAllText(Path.Combine(CasesFolder, rule + ".cases")));

    public static IReadOnlyList<FixCoverageCase> Parse(string rule, string text)
    {
        var cases = new List<FixCoverageCase>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                continue;
            }

            var name = lines[i].Substring(4).Trim();
            var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("### ", StringComparison.Ordinal));
            var body = lines.Skip(i + 1).Take((end < 0 ? lines.Length : end) - i - 1).ToList();
            var target = "net8.0";
            var executable = false;
            var editorConfig = new List<string>();
            var header = 0;
            for (; header < body.Count; header++)
            {
                var line = body[header].Trim();
                if (Value(line, "target") is { } t)
                {
                    target = Array.IndexOf(Targets, t) >= 0 ? t : throw new FormatException($"{rule} '{name}': unknown target '{t}'.");
                }
                else if (Value(line, "kind") is { } kind)
                {
                    executable = kind switch
                    {
                        "exe" => true,
                        "library" => false,
                        _ => throw new FormatException($"{rule} '{name}': unknown kind '{kind}'."),
                    };
                }
                else if (Value(line, "editorconfig") is { } option)
                {
                    editorConfig.Add(option);
                }
                else
                {
                    break;
                }
            }

            if (cases.Any(c => c.Name == name))
            {
                throw new FormatException($"{rule}: two cases named '{name}'.");
            }

            cases.Add(new FixCoverageCase(rule, name, target, executable, editorConfig, string.Join("\n", body.Skip(header)).Trim() + "\n"));
        }

        return cases;
    }

    /// <summary>The reason written on the line, or null: <c>x.Wait(); // no-fix: a static constructor cannot await</c>.</summary>
    public static string? NoFixReason(string lineText)
    {
        var index = lineText.IndexOf(NoFixMark, StringComparison.Ordinal);
        return index < 0 ? null : lineText.Substring(index + NoFixMark.Length).Trim();
    }

    public override string ToString() => $"{Rule}: {Name}";

    private static string? Value(string line, string key)
    {
        var prefix = "// " + key + ":";
        return line.StartsWith(prefix, StringComparison.Ordinal) ? line.Substring(prefix.Length).Trim() : null;
    }
}
