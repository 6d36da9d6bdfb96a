using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>One restore fix-up of projects.txt: <c>rm=PATH</c>, <c>prop=NAME=VALUE</c>, <c>pin=PACKAGE=VERSION</c>, <c>add=PACKAGE=VERSION</c>.</summary>
internal sealed record FixUp(string Kind, string Name, string Value)
{
    public static FixUp Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"A fix-up is KIND=VALUE, not '{text}'.");
        }

        var kind = text[..equals].Trim();
        var rest = text[(equals + 1)..].Trim();
        switch (kind)
        {
            case "rm":
                return new FixUp(kind, rest, string.Empty);
            case "prop":
            case "pin":
            case "add":
                var second = rest.IndexOf('=', StringComparison.Ordinal);
                if (second <= 0)
                {
                    throw new FormatException($"'{kind}=' takes NAME=VALUE, not '{rest}'.");
                }

                return new FixUp(kind, rest[..second].Trim(), rest[(second + 1)..].Trim());
            default:
                throw new FormatException($"Unknown fix-up kind '{kind}' in '{text}' (rm, prop, pin, add).");
        }
    }

    public override string ToString() => Kind == "rm" ? $"rm={Name}" : $"{Kind}={Name}={Value}";
}

/// <summary>One line of projects.txt: a project of a public repository, at a commit, with the TFMs to build.</summary>
internal sealed record CorpusProject(
    string Repo,
    string Commit,
    string ProjectPath,
    ImmutableArray<string> TargetFrameworks,
    ImmutableArray<FixUp> FixUps,
    string Kind)
{
    /// <summary>The snapshot folder name: owner+name, as the search tool's fetch names it.</summary>
    public string Folder => Repo.Replace('/', '+');

    /// <summary>A file-name-safe id of the project: repo and project file name.</summary>
    public string Slug => Folder + "__" + Path.GetFileNameWithoutExtension(ProjectPath);

    public string Display => $"{Repo} {ProjectPath}";

    public IEnumerable<string> Properties => FixUps.Where(f => f.Kind == "prop").Select(f => $"-p:{f.Name}={f.Value}");

    /// <summary>The MSBuild file that carries the pin= and add= fix-ups, imported by BadGateway.RealWorld.targets.</summary>
    public string FixUpsTargets()
    {
        var text = new StringBuilder();
        text.AppendLine("<Project>");
        foreach (var fixUp in FixUps.Where(f => f.Kind is "pin" or "add"))
        {
            var name = SecurityElement.Escape(fixUp.Name);
            var version = SecurityElement.Escape(fixUp.Value);
            if (fixUp.Kind == "pin")
            {
                text.AppendLine($"  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\"><PackageReference Update=\"{name}\" Version=\"{version}\" /></ItemGroup>");
                text.AppendLine($"  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' == 'true'\"><PackageVersion Update=\"{name}\" Version=\"{version}\" /></ItemGroup>");
            }
            else
            {
                text.AppendLine($"  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\"><PackageReference Include=\"{name}\" Version=\"{version}\" /></ItemGroup>");
                text.AppendLine($"  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' == 'true'\"><PackageVersion Include=\"{name}\" Version=\"{version}\" /><PackageReference Include=\"{name}\" /></ItemGroup>");
            }
        }

        text.AppendLine("</Project>");
        return text.ToString();
    }
}

/// <summary>Reads projects.txt: tab-separated repo, commit, project, TFMs (';'), fix-ups (';' or '-'), kind (app or lib); '#' starts a comment.</summary>
internal static class ProjectList
{
    public static ImmutableArray<CorpusProject> Read(string path)
    {
        var projects = ImmutableArray.CreateBuilder<CorpusProject>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = raw.Split('\t');
            if (cells.Length < 6)
            {
                throw new FormatException($"{path}({number}): expected 6 tab-separated cells (repo, commit, project, tfms, fixups, kind), found {cells.Length}.");
            }

            var fixUps = cells[4].Trim() is "-" or ""
                ? ImmutableArray<FixUp>.Empty
                : cells[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FixUp.Parse).ToImmutableArray();
            projects.Add(new CorpusProject(
                cells[0].Trim(),
                cells[1].Trim(),
                cells[2].Trim(),
                cells[3].Split(new[] { ';', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray(),
                fixUps,
                cells[5].Trim()));
        }

        return projects.ToImmutable();
    }
}
