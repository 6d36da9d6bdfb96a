using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace BadGateway.Analyzers.Corpus;

/// <summary>
/// The C# corpus the robustness tests and the benchmark run on: the hand-written sources in tests/Corpus/Sources, and
/// realistic generated services (deterministic for a seed) in which a few percent of the lines hold the patterns of
/// every BG rule, the rest being the correct code those rules must stay silent on.
/// </summary>
internal static class CorpusGenerator
{
    /// <summary>The hand-written sources, found from the repository root (the folder with Analyzers.sln).</summary>
    public static IReadOnlyList<(string Name, string Text)> HandWritten()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Corpus", "Sources");
        return Directory.GetFiles(folder, "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), File.ReadAllText(p)))
            .ToList();
    }

    public static string RepositoryRoot()
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

    /// <summary><paramref name="files"/> generated files of about 100 lines each.</summary>
    public static IEnumerable<(string Name, string Text)> Generate(int files, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < files; i++)
        {
            yield return ($"Generated{i:D4}.cs", GenerateFile(i, random));
        }
    }

    /// <summary>
    /// <paramref name="files"/> files with <paramref name="waitsPerFile"/> blocking waits each, in synchronous methods
    /// that call one another: the Fix All workload of BG0101.
    /// </summary>
    public static IEnumerable<(string Name, string Text)> GenerateBlockingWaits(int files, int waitsPerFile)
    {
        for (var i = 0; i < files; i++)
        {
            var text = new StringBuilder();
            text.AppendLine("using System.Threading.Tasks;");
            text.AppendLine();
            text.AppendLine($"namespace Corpus.Waits.N{i:D4}");
            text.AppendLine("{");
            text.AppendLine($"    internal sealed class Waits{i:D4}");
            text.AppendLine("    {");
            for (var w = 0; w < waitsPerFile; w++)
            {
                text.AppendLine();
                text.AppendLine($"        // Wait {w}.");
                text.AppendLine($"        public int Read{w}(Task<int> other)");
                text.AppendLine("        {");
                text.AppendLine(w == 0
                    ? "            return other.Result;"
                    : $"            return Read{w - 1}(other) + other.Result;");
                text.AppendLine("        }");
            }

            text.AppendLine("    }");
            text.AppendLine("}");
            yield return ($"Waits{i:D4}.cs", text.ToString());
        }
    }

    private static readonly string[] Nouns = { "Order", "Invoice", "Customer", "Product", "Shipment", "Payment", "Account", "Ticket", "Report", "Stock" };

    private static string GenerateFile(int index, Random random)
    {
        var noun = Nouns[index % Nouns.Length];
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using System.Linq;");
        text.AppendLine("using System.Net;");
        text.AppendLine("using System.Net.Http;");
        text.AppendLine("using System.Threading;");
        text.AppendLine("using System.Threading.Tasks;");
        text.AppendLine();
        text.AppendLine($"namespace Corpus.Generated.N{index:D4}");
        text.AppendLine("{");
        text.AppendLine($"    public sealed record {noun}Dto(int Id, string Name, decimal Amount);");
        text.AppendLine();
        text.AppendLine($"    public interface I{noun}Store");
        text.AppendLine("    {");
        text.AppendLine($"        Task<{noun}Dto?> LoadAsync(int id, CancellationToken cancellationToken);");
        text.AppendLine($"        Task<IReadOnlyList<{noun}Dto>> ListAsync(CancellationToken cancellationToken);");
        text.AppendLine("    }");
        text.AppendLine();
        text.AppendLine($"    internal sealed class {noun}Service{index:D4}");
        text.AppendLine("    {");
        text.AppendLine("        private static readonly HttpClient s_http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 40, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });");
        text.AppendLine($"        private readonly I{noun}Store _store;");
        text.AppendLine($"        private readonly Dictionary<int, {noun}Dto> _cache = new Dictionary<int, {noun}Dto>();");
        text.AppendLine();
        text.AppendLine($"        public {noun}Service{index:D4}(I{noun}Store store) => _store = store;");
        var methods = 6 + random.Next(3);
        for (var m = 0; m < methods; m++)
        {
            text.AppendLine();
            AppendMethod(text, noun, m, random);
        }

        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    private static void AppendMethod(StringBuilder text, string noun, int m, Random random)
    {
        // About one method in six holds a pattern; each pattern method has one or two pattern lines among ~10.
        var roll = random.Next(40);
        var n = m.ToString(CultureInfo.InvariantCulture);
        switch (roll)
        {
            case 0:
                text.AppendLine($"        public {noun}Dto? Find{n}(int id)");
                text.AppendLine("        {");
                text.AppendLine("            if (_cache.TryGetValue(id, out var cached))");
                text.AppendLine("            {");
                text.AppendLine("                return cached;");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            return _store.LoadAsync(id, CancellationToken.None).Result;");
                text.AppendLine("        }");
                break;
            case 1:
                text.AppendLine($"        public int Count{n}()");
                text.AppendLine("        {");
                text.AppendLine("            var all = _store.ListAsync(CancellationToken.None).GetAwaiter().GetResult();");
                text.AppendLine("            return all.Count(x => x.Amount > 0);");
                text.AppendLine("        }");
                break;
            case 2:
                text.AppendLine($"        public void Warm{n}(IEnumerable<int> ids)");
                text.AppendLine("        {");
                text.AppendLine("            foreach (var id in ids)");
                text.AppendLine("            {");
                text.AppendLine("                _store.LoadAsync(id, CancellationToken.None).Wait();");
                text.AppendLine("            }");
                text.AppendLine("        }");
                break;
            case 3:
                text.AppendLine($"        public async Task<string> Fetch{n}Async(string path, CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            using var client = new HttpClient();");
                text.AppendLine("            return await client.GetStringAsync(\"https://api.example/\" + path, cancellationToken).ConfigureAwait(false);");
                text.AppendLine("        }");
                break;
            case 4:
                text.AppendLine($"        public static HttpClient Create{n}()");
                text.AppendLine("        {");
                text.AppendLine("            var handler = new HttpClientHandler { UseCookies = false };");
                text.AppendLine("            return new HttpClient(handler, disposeHandler: true);");
                text.AppendLine("        }");
                break;
            case 5:
                text.AppendLine($"        public async Task<decimal> Total{n}Async(CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            var list = _store.ListAsync(cancellationToken);");
                text.AppendLine("            await Task.Yield();");
                text.AppendLine("            return list.Result.Sum(x => x.Amount);");
                text.AppendLine("        }");
                break;
            case 6:
                text.AppendLine($"        public async Task Pause{n}Async(CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            await Task.Yield();");
                text.AppendLine("            Thread.Sleep(50);");
                text.AppendLine("        }");
                break;
            default:
                AppendCorrectMethod(text, noun, n, roll % 6);
                break;
        }
    }

    private static void AppendCorrectMethod(StringBuilder text, string noun, string n, int shape)
    {
        switch (shape)
        {
            case 0:
                text.AppendLine($"        public async Task<{noun}Dto?> Get{n}Async(int id, CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            if (_cache.TryGetValue(id, out var cached))");
                text.AppendLine("            {");
                text.AppendLine("                return cached;");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            var loaded = await _store.LoadAsync(id, cancellationToken).ConfigureAwait(false);");
                text.AppendLine("            if (loaded is not null)");
                text.AppendLine("            {");
                text.AppendLine("                _cache[id] = loaded;");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            return loaded;");
                text.AppendLine("        }");
                break;
            case 1:
                text.AppendLine($"        public async Task<IReadOnlyList<string>> Names{n}Async(CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            var all = await _store.ListAsync(cancellationToken).ConfigureAwait(false);");
                text.AppendLine("            return all.Where(x => x.Amount > 0).OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Name).ToList();");
                text.AppendLine("        }");
                break;
            case 2:
                text.AppendLine($"        public static string Format{n}({noun}Dto dto)");
                text.AppendLine("        {");
                text.AppendLine("            var builder = new System.Text.StringBuilder();");
                text.AppendLine("            builder.Append(dto.Id).Append(\": \").Append(dto.Name);");
                text.AppendLine("            if (dto.Amount != 0)");
                text.AppendLine("            {");
                text.AppendLine("                builder.Append(\" (\").Append(dto.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            return builder.ToString();");
                text.AppendLine("        }");
                break;
            case 3:
                text.AppendLine($"        public async Task<int> LoadMany{n}Async(IReadOnlyList<int> ids, CancellationToken cancellationToken)");
                text.AppendLine("        {");
                text.AppendLine("            var loads = ids.Select(id => _store.LoadAsync(id, cancellationToken)).ToArray();");
                text.AppendLine("            await Task.WhenAll(loads).ConfigureAwait(false);");
                text.AppendLine("            var found = 0;");
                text.AppendLine("            foreach (var load in loads)");
                text.AppendLine("            {");
                text.AppendLine("                found += load.Result is null ? 0 : 1;");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            return found;");
                text.AppendLine("        }");
                break;
            case 4:
                text.AppendLine($"        public Task<string> Remote{n}Async(string path, CancellationToken cancellationToken) =>");
                text.AppendLine("            s_http.GetStringAsync(\"https://api.example/\" + Uri.EscapeDataString(path), cancellationToken);");
                break;
            default:
                text.AppendLine($"        public static decimal Sum{n}(IEnumerable<{noun}Dto> items)");
                text.AppendLine("        {");
                text.AppendLine("            decimal total = 0;");
                text.AppendLine("            foreach (var item in items)");
                text.AppendLine("            {");
                text.AppendLine("                total += item.Amount;");
                text.AppendLine("            }");
                text.AppendLine();
                text.AppendLine("            return total;");
                text.AppendLine("        }");
                break;
        }
    }
}
