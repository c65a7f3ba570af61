using SmsPortal.Common;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Applies the native format's limits to every gateway format, so a message from any gateway fits the same columns
/// and obeys the same rules, with errors naming the gateway's own field.
/// </summary>
internal static class InboundSmsFactory
{
    public static InboundSms Create(
        (string Value, string Field) externalId, (string Value, string Field) from, (string? Value, string Field) to,
        (string Value, string Field) text, DateTimeOffset receivedAt, (string? Value, string Field) deviceId, int? simSlot)
    {
        if (externalId.Value.Length is 0 or > InboundSms.MaxIdLength)
        {
            throw new FieldException(externalId.Field, $"'{externalId.Field}' must be 1 to {InboundSms.MaxIdLength} characters.");
        }
        var normalizedFrom = PhoneNumberText.Normalize(from.Value);
        if (normalizedFrom.Length is 0 or > InboundSms.MaxNumberLength)
        {
            throw new FieldException(from.Field, $"'{from.Field}' must be a sender number of 1 to {InboundSms.MaxNumberLength} characters.");
        }
        var normalizedTo = string.IsNullOrWhiteSpace(to.Value) ? null : PhoneNumberText.Normalize(to.Value);
        if (normalizedTo?.Length > InboundSms.MaxNumberLength)
        {
            throw new FieldException(to.Field, $"'{to.Field}' must be at most {InboundSms.MaxNumberLength} characters.");
        }
        if (text.Value.Length > InboundSms.MaxTextLength && text.Value.EnumerateRunes().Count() > InboundSms.MaxTextLength)
        {
            throw new FieldException(text.Field, $"'{text.Field}' must be at most {InboundSms.MaxTextLength:N0} characters.");
        }
        if (deviceId.Value?.Length > InboundSms.MaxDeviceIdLength)
        {
            throw new FieldException(deviceId.Field, $"'{deviceId.Field}' must be at most {InboundSms.MaxDeviceIdLength} characters.");
        }
        return new InboundSms(externalId.Value, normalizedFrom, normalizedTo, text.Value, receivedAt.ToUniversalTime(), deviceId.Value, simSlot);
    }
}
