// HTTP clients done right and wrong: BG0201, BG0301.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Catalogue
{
    public sealed record Product(string Sku, string Name, decimal Price);

    public sealed class CatalogueClient
    {
        // BG0301: the shared client keeps the default connection limit.
        private static readonly HttpClient s_shared = new HttpClient();

        private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

        private readonly Uri _baseAddress;

        static CatalogueClient()
        {
            s_handler.MaxConnectionsPerServer = 64;
        }

        public CatalogueClient(Uri baseAddress)
        {
            _baseAddress = baseAddress;
        }

        // BG0201: a client per call.
        public async Task<Product?> GetAsync(string sku, CancellationToken cancellationToken)
        {
            using var client = new HttpClient();
            client.BaseAddress = _baseAddress;
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var json = await client.GetStringAsync("products/" + sku, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Product>(json);
        }

        public async Task<IReadOnlyList<Product>> SearchAsync(string term, CancellationToken cancellationToken)
        {
            using var client = new HttpClient(s_handler, disposeHandler: false);
            var json = await client.GetStringAsync(new Uri(_baseAddress, "search?q=" + Uri.EscapeDataString(term)), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<List<Product>>(json) ?? new List<Product>();
        }

        public Task<string> PingAsync(CancellationToken cancellationToken) =>
            s_shared.GetStringAsync(new Uri(_baseAddress, "ping"), cancellationToken);

        // BG0301: a handler nobody configures, BG0201: a client per call.
        public HttpClient CreateClient()
        {
            var handler = new HttpClientHandler();
            handler.UseCookies = false;
            return new HttpClient(handler);
        }

        public HttpClient CreateTunedClient(int connections)
        {
            var handler = new HttpClientHandler { MaxConnectionsPerServer = connections };
            return new HttpClient(handler);
        }

        // BG0301: too low.
        public static HttpMessageHandler Narrow() => new SocketsHttpHandler { MaxConnectionsPerServer = 2 };

        public static HttpMessageHandler Configured(Action<SocketsHttpHandler> configure)
        {
            var handler = new SocketsHttpHandler();
            configure(handler);
            return handler;
        }
    }

    internal sealed class RetryingHandler : DelegatingHandler
    {
        public RetryingHandler(HttpMessageHandler inner) : base(inner)
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode || attempt == 2)
                {
                    return response;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
