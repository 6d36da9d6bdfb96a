using System;
using System.Threading.Tasks;
using Demo;

var prices = new PriceClient();
Console.WriteLine(await prices.GetPriceAsync("sku-1"));
