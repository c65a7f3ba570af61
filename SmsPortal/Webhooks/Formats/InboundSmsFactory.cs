namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Applies the native payload's limits to every format, so a message from any gateway fits the same columns and
/// obeys the same rules (contract section 4), with errors naming the gateway's own field.
/// </summary>
internal static class InboundSmsFactory
{
    public const int MaxDeviceIdLength = 128;

    public static InboundSms Create(
        (string Value, string Field) externalId, (string Value, string Field) from, (string? Value, string Field) to,
        (string Value, string Field) text, DateTimeOffset receivedAt, (string? Value, string Field) deviceId, int? simSlot)
    {
        if (externalId.Value.Length is 0 or > NativePayload.MaxIdLength)
        {
            throw new FieldException(externalId.Field, $"'{externalId.Field}' must be 1 to {NativePayload.MaxIdLength} characters.");
        }
        var normalizedFrom = PhoneNumberText.Normalize(from.Value);
        if (normalizedFrom.Length is 0 or > NativePayload.MaxNumberLength)
        {
            throw new FieldException(from.Field, $"'{from.Field}' must be a sender number of 1 to {NativePayload.MaxNumberLength} characters.");
        }
        var normalizedTo = string.IsNullOrWhiteSpace(to.Value) ? null : PhoneNumberText.Normalize(to.Value);
        if (normalizedTo?.Length > NativePayload.MaxNumberLength)
        {
            throw new FieldException(to.Field, $"'{to.Field}' must be at most {NativePayload.MaxNumberLength} characters.");
        }
        if (text.Value.Length > NativePayload.MaxTextLength && text.Value.EnumerateRunes().Count() > NativePayload.MaxTextLength)
        {
            throw new FieldException(text.Field, $"'{text.Field}' must be at most {NativePayload.MaxTextLength:N0} characters.");
        }
        if (deviceId.Value?.Length > MaxDeviceIdLength)
        {
            throw new FieldException(deviceId.Field, $"'{deviceId.Field}' must be at most {MaxDeviceIdLength} characters.");
        }
        return new InboundSms(externalId.Value, normalizedFrom, normalizedTo, text.Value, receivedAt.ToUniversalTime(), deviceId.Value, simSlot);
    }
}
