using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Web;

if (PortalCommandLine.IsVerb(args))
    return await PortalCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalWeb();

var app = builder.Build();
await app.UsePortalAsync();
await app.RunAsync();
return 0;

public partial class Program;
