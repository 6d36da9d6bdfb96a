using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>
/// Lays out the corpus: each listed repository's commit, extracted from the git snapshot that the search tool's
/// fetch brought (MIRROR/owner+name/repo), into CORPUS/src/owner+name. Files a snapshot lacks (4 MiB and over,
/// Git LFS) are left out and named.
/// </summary>
internal static class Corpus
{
    public static int Extract(string mirror, string corpus, IEnumerable<CorpusProject> projects)
    {
        var failures = 0;
        foreach (var repo in projects.GroupBy(p => (p.Folder, p.Commit)).Select(g => g.Key))
        {
            var gitDir = Path.Combine(mirror, repo.Folder, "repo");
            var into = Path.Combine(corpus, "src", repo.Folder);
            if (!Directory.Exists(gitDir))
            {
                Console.WriteLine($"  {repo.Folder}: no snapshot at {gitDir} (fetch github:{repo.Folder.Replace('+', '/')} first)");
                failures++;
                continue;
            }

            var stamp = Path.Combine(into, ".bg-realworld-commit");
            if (File.Exists(stamp) && File.ReadAllText(stamp).Trim() == repo.Commit)
            {
                Console.WriteLine($"  {repo.Folder}@{Short(repo.Commit)}: already extracted");
                continue;
            }

            if (Directory.Exists(into))
            {
                Directory.Delete(into, recursive: true);
            }

            Directory.CreateDirectory(into);
            var missing = MissingBlobs(gitDir, repo.Commit);
            var tar = Path.Combine(corpus, repo.Folder + ".tar");
            var arguments = new List<string> { "--git-dir", gitDir, "archive", "--format=tar", "-o", tar, repo.Commit, "--", "." };
            arguments.AddRange(missing.Select(path => ":(exclude,literal)" + path));
            var archive = Shell.Run("git", arguments, corpus);
            if (archive.ExitCode != 0)
            {
                Console.WriteLine($"  {repo.Folder}: git archive failed:\n{archive.Output}");
                failures++;
                continue;
            }

            var untar = Shell.Run("tar", new[] { "-xf", tar, "-C", into }, corpus);
            File.Delete(tar);
            if (untar.ExitCode != 0)
            {
                Console.WriteLine($"  {repo.Folder}: tar failed:\n{untar.Output}");
                failures++;
                continue;
            }

            File.WriteAllText(stamp, repo.Commit + Environment.NewLine);
            Console.WriteLine($"  {repo.Folder}@{Short(repo.Commit)}: extracted" + (missing.Count == 0 ? string.Empty : $", without {missing.Count} file(s) the snapshot lacks: {string.Join(", ", missing.Take(5))}"));
        }

        return failures;
    }

    public static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;

    /// <summary>The paths of the commit's blobs that the snapshot does not hold.</summary>
    private static List<string> MissingBlobs(string gitDir, string commit)
    {
        var tree = Shell.Run("git", new[] { "--git-dir", gitDir, "ls-tree", "-r", "--full-tree", commit }, ".");
        var present = Shell.Run("git", new[] { "--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)" }, ".");
        var objects = new HashSet<string>(present.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var line in tree.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> TAB <path>
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                continue;
            }

            var head = line[..tab].Split(' ');
            if (head.Length == 3 && head[1] == "blob" && !objects.Contains(head[2]))
            {
                missing.Add(line[(tab + 1)..]);
            }
        }

        return missing;
    }
}
