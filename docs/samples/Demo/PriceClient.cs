using System.Net.Http;
using System.Threading.Tasks;

namespace Demo;

/// <summary>BG0201: a new HttpClient, and so a new connection pool, for every price lookup.</summary>
public sealed class PriceClient
{
    public async Task<string> GetPriceAsync(string sku)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync("https://prices.example/" + sku);
    }
}

/// <summary>BG0101: a synchronous wrapper that blocks a pool thread on every call.</summary>
public sealed class StockClient
{
    private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 20 });

    public string GetStock(string sku)
    {
        return s_client.GetStringAsync("https://stock.example/" + sku).Result;
    }
}
