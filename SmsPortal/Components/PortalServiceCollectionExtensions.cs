using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using MudBlazor.Services;
using SmsPortal.Components;
using SmsPortal.Components.Account;
using SmsPortal.Components.Shared;
using SmsPortal.Team;

namespace Microsoft.Extensions.DependencyInjection
{
    public static class PortalServiceCollectionExtensions
    {
        /// <summary>The Blazor Server portal: interactive MudBlazor pages, server-rendered Identity pages.</summary>
        public static IServiceCollection AddPortal(this IServiceCollection services)
        {
            services.AddRazorComponents().AddInteractiveServerComponents();
            services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
            services.AddCascadingAuthenticationState();
            services.AddScoped<IdentityRedirectManager>();
            services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
            services.AddScoped<CurrentUser>();
            services.AddScoped<Clipboard>();
            // No mail server is assumed; a real sender can replace this registration.
            services.AddSingleton<IEmailSender<AppUser>, IdentityNoOpEmailSender>();
            services.AddHealthChecks();
            return services;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public static class PortalApplicationBuilderExtensions
    {
        /// <summary>Error pages for people, problem JSON for the hooks.</summary>
        public static WebApplication UsePortalErrorHandling(this WebApplication app)
        {
            app.UseWhen(IsApi, hooks =>
            {
                hooks.UseExceptionHandler();
                hooks.UseStatusCodePages();
            });
            app.UseWhen(c => !IsApi(c), pages =>
            {
                pages.UseExceptionHandler("/Error", createScopeForErrors: true);
                pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
            });
            return app;
        }

        private static bool IsApi(HttpContext context) =>
            context.Request.Path.StartsWithSegments("/hooks") || context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

        /// <summary>The portal's pages, its static files, the Identity endpoints the pages post to, and a health check.</summary>
        public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
        {
            app.MapStaticAssets();
            app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
            app.MapAdditionalIdentityEndpoints();
            app.MapHealthChecks("/healthz");
            return app;
        }
    }
}
