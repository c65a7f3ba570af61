using System.Net;
using System.Text.RegularExpressions;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Posts a server-rendered form as a browser would: its hidden fields (antiforgery, handler) plus ours.</summary>
internal static partial class PortalForms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields, Action<HttpRequestMessage>? configure = null) =>
        await PostAsync(client, path, await HiddenFieldsAsync(client, path, configure), fields, configure);

    /// <summary>
    /// The hidden fields of the form at <paramref name="path"/> as a browser loads it; on a page with several forms,
    /// the first form's (name the one to post with a <c>_handler</c> field).
    /// </summary>
    public static async Task<Dictionary<string, string>> HiddenFieldsAsync(HttpClient client, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(get);
        using var page = await client.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        return Hidden().Matches(html)
            .DistinctBy(m => m.Groups["name"].Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    /// <summary>Posts a form loaded earlier (its <paramref name="hidden"/> fields) with <paramref name="fields"/> filled in.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, Dictionary<string, string> hidden, Dictionary<string, string> fields, Action<HttpRequestMessage>? configure = null)
    {
        var form = new Dictionary<string, string>(hidden);
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }
        var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        configure?.Invoke(post);
        return await client.SendAsync(post);
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"|<input[^>]*name="(?<name>[^"]+)"[^>]*type="hidden"[^>]*value="(?<value>[^"]*)" """)]
    private static partial Regex Hidden();
}
