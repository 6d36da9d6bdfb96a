using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BadGateway.Analyzers.Benchmarks.RealWorld;

/// <summary>The options of the real-project mode (<c>--rsp PATH</c> or <c>--real-world DIR</c>).</summary>
internal sealed record RealWorldOptions(IReadOnlyList<string> Inputs)
{
    public int Runs { get; init; } = 3;

    public bool Concurrent { get; init; }

    /// <summary>Projects whose name contains this text (case-insensitive); null for all.</summary>
    public string? Only { get; init; }

    public bool Analyzers { get; init; } = true;

    public bool Lightbulb { get; init; } = true;

    public bool FixAll { get; init; } = true;

    /// <summary>At most this many diagnostics per rule and project get a lightbulb measurement, sampled evenly.</summary>
    public int LightbulbCap { get; init; } = 200;

    /// <summary>A Fix All that takes longer than this is cancelled and reported as such.</summary>
    public int FixAllTimeoutSeconds { get; init; } = 300;

    public string? Out { get; init; }

    /// <summary>
    /// Before the lightbulbs, one reference search over the project, untimed: it builds the per-document identifier
    /// indexes that every reference search reads, which an IDE keeps up to date in the background (and persists), so
    /// that the first fix that searches references is not charged for indexing the whole project.
    /// </summary>
    public bool WarmIndex { get; init; }

    /// <summary>
    /// After each lightbulb, every offered action is applied once more, untimed, and one that changes no document is
    /// counted. Off by default: the applied fixes warm caches that later lightbulbs of the run would then find ready.
    /// </summary>
    public bool CheckActions { get; init; }

    /// <summary>
    /// The lightbulbs and Fix All on a multi-targeting project as the IDE loads it: the project's other target frameworks'
    /// logs next to each input (<c>owner+repo__Project.measured.*.log</c>) are loaded as linked copies of its files.
    /// </summary>
    public bool LinkedTfms { get; init; }

    /// <summary>
    /// How many times the inputs are measured, one after the other in the process. Each pass loads every project again, as
    /// a new solution with new compilations and empty caches; from the second pass on, the code the fixes run has been
    /// compiled by the JIT, so the passes tell the JIT's share of the first lightbulbs apart (projects are named
    /// "Project (tfm) pass N" from the second pass on).
    /// </summary>
    public int Passes { get; init; } = 1;

    public static bool IsRealWorld(string[] args) => args.Contains("--rsp") || args.Contains("--real-world");

    public static RealWorldOptions Parse(string[] args)
    {
        var inputs = new List<string>();
        var options = new RealWorldOptions(inputs);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--rsp":
                    inputs.Add(value);
                    break;
                case "--real-world":
                    var logs = Path.Combine(value, "results", "after", "logs");
                    inputs.AddRange(Directory.GetFiles(Directory.Exists(logs) ? logs : value, "*.measured.*.log").OrderBy(p => p, StringComparer.Ordinal));
                    break;
                default:
                    options = args[i] switch
                    {
                        "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                        "--concurrent" => options with { Concurrent = bool.Parse(value) },
                        "--only" => options with { Only = value },
                        "--measure" => options with
                        {
                            Analyzers = value.Contains("analyzers", StringComparison.Ordinal),
                            Lightbulb = value.Contains("lightbulb", StringComparison.Ordinal),
                            FixAll = value.Contains("fixall", StringComparison.Ordinal),
                        },
                        "--lightbulb-cap" => options with { LightbulbCap = int.Parse(value, CultureInfo.InvariantCulture) },
                        "--fixall-timeout" => options with { FixAllTimeoutSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                        "--out" => options with { Out = value },
                        "--warm-index" => options with { WarmIndex = bool.Parse(value) },
                        "--check-actions" => options with { CheckActions = bool.Parse(value) },
                        "--linked-tfms" => options with { LinkedTfms = bool.Parse(value) },
                        "--passes" => options with { Passes = int.Parse(value, CultureInfo.InvariantCulture) },
                        _ => throw new ArgumentException($"Unknown option {args[i]}; real-project mode takes --rsp PATH (repeatable) or --real-world DIR, --runs N, --concurrent true|false, --only TEXT, --measure analyzers,lightbulb,fixall, --lightbulb-cap N, --fixall-timeout SECONDS, --warm-index true|false, --check-actions true|false, --linked-tfms true|false, --passes N, --out FILE."),
                    };
                    break;
            }
        }

        return options;
    }
}
