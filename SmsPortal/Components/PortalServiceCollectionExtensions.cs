using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
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
        /// <remarks>
        /// Re-executing a path (the error page, the not-found page) takes the application's own router, which a
        /// <c>UseWhen</c> branch does not get: from inside one, the re-executed page found no endpoint and every error
        /// or unknown page was an empty 500 or 404. So both stay at the top level, and the API branch, which comes
        /// after, answers its own errors first as problem JSON.
        /// </remarks>
        public static WebApplication UsePortalErrorHandling(this WebApplication app)
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseStatusCodePagesWithReExecute("/not-found", "?status={0}", createScopeForStatusCodePages: true);
            app.Use(ReadErrorPagesWithGet);
            app.UseWhen(IsApi, hooks =>
            {
                hooks.UseExceptionHandler();
                hooks.UseStatusCodePages();
            });
            return app;
        }

        /// <summary>
        /// The error and not-found pages are read, not posted to: re-executed as the POST that failed, the page's own
        /// form check (antiforgery) fails again, and the answer is an empty 500 instead of the page.
        /// </summary>
        private static Task ReadErrorPagesWithGet(HttpContext context, RequestDelegate next)
        {
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
            {
                context.Request.Method = HttpMethods.Get;
            }
            return next(context);
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
