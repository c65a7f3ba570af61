using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The one bUnit setup every component test uses: MudBlazor services, loose JS interop, no transitions.</summary>
public static class BunitSetup
{
    public static BunitContext AddPortalDefaults(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        return context;
    }
}
