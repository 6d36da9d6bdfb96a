using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace BadGateway.Analyzers.EndToEnd;

/// <summary>The outcome of one real <c>dotnet</c> command.</summary>
public sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output)
{
    public string Describe() =>
        $"`dotnet {CommandLine}` in {WorkingDirectory} exited with {ExitCode}. Its output:\n{Output}";
}

/// <summary>Runs the real .NET SDK, isolated from the MSBuild state of the test host that runs us.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static CommandResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` runs us with MSBuild and test-host variables set; a child build must not inherit them.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // Consumers live outside the repository; node reuse would keep build servers alive after the tests.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {string.Join(" ", arguments)}` did not finish in {Timeout}. Output so far:\n{output}");
        }

        process.WaitForExit();
        return new CommandResult(string.Join(" ", arguments), workingDirectory, process.ExitCode, output.ToString());
    }

    /// <summary>Runs a command that must succeed, failing the test with the tool's output otherwise.</summary>
    public static CommandResult Succeed(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }
}
