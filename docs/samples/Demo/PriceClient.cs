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
