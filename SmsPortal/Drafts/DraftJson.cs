using System.Text.Json;

namespace SmsPortal.Drafts;

/// <summary>Drafts of structured forms are stored as JSON; one that no longer reads (the form changed) is dropped.</summary>
public static class DraftJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Read<T>(SavedDraft? draft) where T : class
    {
        if (draft is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(draft.Content, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The inbox's reply box: the text and the id the reply is sent with, so a restored reply is sent once.</summary>
public sealed record ReplyDraft(string Text, string MessageId);
