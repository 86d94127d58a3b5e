# syntax=docker/dockerfile:1
# Build: docker build -t mediation-api .
# Run:   docker run -p 8080:8080 -v mediation-storage:/app/storage \
#          -e Auth__SigningKey=... -e PersonalData__EncryptionKey=... -e PersonalData__HashKey=... \
#          -e WeChat__AppId=... -e WeChat__AppSecret=... mediation-api
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Api/Api.csproj Api/
RUN dotnet restore Api/Api.csproj
COPY Api/ Api/
RUN dotnet publish Api/Api.csproj -c Release --no-restore -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out ./
COPY appsettings.json ./
# Every setting can be overridden with an environment variable: section__key (e.g. Database__Provider=Postgres).
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    Storage__Root=/app/storage
RUN mkdir -p /app/storage && chown $APP_UID /app/storage
USER $APP_UID
VOLUME ["/app/storage"]
EXPOSE 8080
# The runtime image has no curl; bash's /dev/tcp is enough to ask /health/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Api.dll"]
