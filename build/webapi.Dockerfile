# syntax=docker/dockerfile:1
# Homelette WebApi image.  Build from the repository root:
#   docker build -f build/webapi.Dockerfile -t homelette-webapi .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the build settings and project files only, so that the
# restore layer is cached until a package reference changes.
# (Wildcards: a file that does not exist is simply skipped.)
COPY global.jso[n] NuGet.Confi[g] nuget.confi[g] Directory.*.props ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/Application/Application.csproj src/Application/
COPY src/Infrastructure/Infrastructure.csproj src/Infrastructure/
COPY src/WebApi/WebApi.csproj src/WebApi/
COPY src/ChatHost/ChatHost.csproj src/ChatHost/
COPY src/Client/Client.csproj src/Client/
RUN dotnet restore src/WebApi/WebApi.csproj

COPY src/ src/
RUN dotnet publish src/WebApi/WebApi.csproj -c Release -o /app/publish --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish .
# Uploaded files live here (the uploads-data volume in docker-compose.yml); a named
# volume copies this directory's owner on first use, so the app user can write to it.
RUN mkdir -p /app/uploads && chown "$APP_UID" /app/uploads

# The official images' non-root user.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=5001
EXPOSE 5001
ENTRYPOINT ["dotnet", "Homelette.WebApi.dll"]
