// Controller-like classes without a web framework: request in, response out.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Web
{
    public sealed record Request(string Path, IReadOnlyDictionary<string, string> Query, string? Body);

    public sealed record Response(int Status, string Body)
    {
        public static Response Ok(string body) => new Response(200, body);

        public static Response NotFound() => new Response(404, "");

        public static Response BadGateway(string reason) => new Response(502, reason);
    }

    public abstract class Controller
    {
        public abstract Task<Response> HandleAsync(Request request, CancellationToken cancellationToken);
    }

    public sealed class PricesController : Controller
    {
        private readonly HttpClient _client;

        public PricesController()
        {
            // BG0201: per request object.
            _client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        }

        public override async Task<Response> HandleAsync(Request request, CancellationToken cancellationToken)
        {
            if (!request.Query.TryGetValue("sku", out var sku))
            {
                return Response.NotFound();
            }

            try
            {
                var price = await _client.GetStringAsync("https://prices.example/" + sku, cancellationToken).ConfigureAwait(false);
                return Response.Ok(price);
            }
            catch (HttpRequestException e)
            {
                return Response.BadGateway(e.Message);
            }
        }
    }

    public sealed class ReportController : Controller
    {
        private readonly Func<string, Task<string>> _render;

        public ReportController(Func<string, Task<string>> render)
        {
            _render = render;
        }

        public override Task<Response> HandleAsync(Request request, CancellationToken cancellationToken)
        {
            // BG0101 in a Task-returning method that is not async.
            var html = _render(request.Path).Result;
            return Task.FromResult(Response.Ok(html));
        }

        public Response Handle(Request request) => HandleAsync(request, CancellationToken.None).GetAwaiter().GetResult();
    }

    public sealed class UploadController : Controller
    {
        public override async Task<Response> HandleAsync(Request request, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(request.Body ?? string.Empty);
            using var stream = new MemoryStream();
            await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            var checksum = bytes.Aggregate(17, (acc, b) => unchecked(acc * 31 + b));
            return Response.Ok(checksum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public sealed class ExportController : Controller
    {
        private readonly string _folder;

        public ExportController(string folder) => _folder = folder;

        public override async Task<Response> HandleAsync(Request request, CancellationToken cancellationToken)
        {
            var path = Path.Combine(_folder, Path.GetFileName(request.Path));
            // BG0102: synchronous file I/O in an async handler.
            var text = File.ReadAllText(path);
            await Task.Yield();
            return Response.Ok(text);
        }
    }

    public static class Router
    {
        private static readonly Dictionary<string, Controller> s_routes = new(StringComparer.OrdinalIgnoreCase);

        public static void Map(string prefix, Controller controller) => s_routes[prefix] = controller;

        public static async Task<Response> DispatchAsync(Request request, CancellationToken cancellationToken)
        {
            var match = s_routes.Keys.Where(request.Path.StartsWith).OrderByDescending(p => p.Length).FirstOrDefault();
            return match is null ? Response.NotFound() : await s_routes[match].HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }

        public static Response Dispatch(Request request) => DispatchAsync(request, CancellationToken.None).Result;
    }
}
