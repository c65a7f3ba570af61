namespace SmsPortal.Common;

/// <summary>Something a user or operator asked for that cannot be done as asked; the message is shown to them.</summary>
public sealed class UserInputException(string message) : Exception(message);
