using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SmsPortal.Api;

/// <summary>Request examples for the operations whose bodies a reader has to write.</summary>
internal static class ApiExamples
{
    private static readonly Dictionary<string, string> ByOperation = new()
    {
        ["SendMessage"] = """{"to": "+15551234567", "text": "Your order has shipped."}""",
        ["CreateContact"] = """{"number": "+15551234567", "name": "Ada Lovelace", "tags": ["vip"]}""",
        ["UpdateContact"] = """{"name": "Ada King", "tags": ["vip", "newsletter"]}""",
        ["TestRules"] = """{"message": "STOP", "sender": "+15551234567", "isNewContact": false, "isOptedOut": false, "tags": []}""",
        ["CreateEndpoint"] = """{"name": "Front desk phone", "format": "native"}""",
        ["RotateEndpointSecret"] = """{"graceHours": 24}""",
        ["CreateEventWebhook"] = """{"url": "https://crm.example.com/hooks/sms", "events": ["message.received", "contact.opted_out"]}""",
    };

    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is OpenApiMediaType json)
        {
            json.Example = JsonNode.Parse(example);
        }
    }
}
