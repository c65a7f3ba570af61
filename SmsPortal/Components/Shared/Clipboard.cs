using Microsoft.JSInterop;

namespace SmsPortal.Components.Shared;

/// <summary>Copies text to the user's clipboard (portal.js); returns false where the browser refuses.</summary>
public sealed class Clipboard(IJSRuntime js)
{
    public ValueTask<bool> CopyAsync(string text) => js.InvokeAsync<bool>("smsPortal.copy", text);
}
