using Mediation.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructure();
builder.AddFeatures();

var app = builder.Build();
app.CheckConfiguration();
app.UsePipeline();
app.MapFeatures();
await app.PrepareAsync();

app.Run();

public partial class Program;
