namespace SmsPortal.Cli;

/// <summary>
/// Where <c>users create</c> takes the password from: standard input (<c>--password-stdin</c>) or the
/// <c>SMSPORTAL_PASSWORD</c> environment variable, which other users of the machine cannot read in the process list.
/// <c>--password P</c> still works, with a warning.
/// </summary>
internal static class CliPassword
{
    public const string EnvironmentVariable = "SMSPORTAL_PASSWORD";
    public const string StdinFlag = "password-stdin";

    public static async Task<string> ReadAsync(string? argument, bool fromStdin, TextReader input, TextWriter error)
    {
        if (fromStdin)
        {
            return (await input.ReadLineAsync())?.TrimEnd('\r') is { Length: > 0 } line
                ? line
                : throw new Common.UserInputException("--password-stdin: standard input held no password.");
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (!string.IsNullOrEmpty(argument))
        {
            await error.WriteLineAsync($"warning: --password is visible to other users of this machine; prefer --password-stdin or {EnvironmentVariable}.");
            return argument;
        }
        throw new Common.UserInputException($"'users create' needs a password: pipe it with --password-stdin, or set {EnvironmentVariable}.");
    }
}
