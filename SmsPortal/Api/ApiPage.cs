using System.Buffers.Text;
using System.Text;
using SmsPortal.Common;

namespace SmsPortal.Api;

/// <summary>One page of a list; pass <see cref="NextCursor"/> as <c>cursor</c> for the next (null: this is the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>
/// Opaque cursors: the sort key of the last item returned, base64url-encoded, so a page is a range seek on an index
/// and stays right while new items arrive (unlike an offset).
/// </summary>
public static class ApiCursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? limit) => limit is null ? DefaultLimit : Math.Clamp(limit.Value, 1, MaxLimit);

    public static string Encode(params string[] parts) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    /// <exception cref="UserInputException">The cursor was not made by this API.</exception>
    public static string[] Decode(string cursor, int parts)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('\n');
            return decoded.Length == parts ? decoded : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new UserInputException("The cursor is not one this API returned; start again without it.");
        }
    }

    /// <summary>The page's items and the cursor after the last, when <paramref name="rows"/> has one more than the limit.</summary>
    public static ApiPage<T> Page<T>(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf) =>
        new(rows.Take(limit).ToList(), rows.Count > limit ? cursorOf(rows[limit - 1]) : null);
}
