# syntax=docker/dockerfile:1
# nano node image: one Nano.NodeHost per container; its role (npu, gateway or both) comes from the environment or
# the flags after the image name (docker-compose.yml runs a gateway and three npu nodes from it).
#
#   docker build -t nano .                                   # this machine's architecture
#   docker buildx build --platform linux/arm64 -t nano:arm64 --load .             # RK3588/RK3576 boards, built elsewhere
#   docker buildx build --platform linux/amd64,linux/arm64 -t REGISTRY/nano --push .   # both, one tag
#
# The build stage runs on the builder's own architecture ($BUILDPLATFORM) even for an arm64 image: the published
# app is portable IL (framework-dependent, no apphost), so only the runtime stage is pulled for the target platform
# and nothing runs under emulation. On a board itself a plain `docker build` is enough.

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a source change does not download the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Runtime/Nano.Runtime.csproj src/Runtime/
COPY src/Actors/Nano.Actors.csproj src/Actors/
COPY src/Gateway/Nano.Gateway.csproj src/Gateway/
COPY src/Simulation/Nano.Simulation.csproj src/Simulation/
COPY src/NodeHost/Nano.NodeHost.csproj src/NodeHost/
RUN dotnet restore src/NodeHost/Nano.NodeHost.csproj
# hocon/ (embedded defaults), config/ and models/ (the simulated example, copied next to the binary) and the sources.
COPY hocon/ hocon/
COPY config/ config/
COPY models/ models/
COPY src/ src/
RUN dotnet publish src/NodeHost/Nano.NodeHost.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# aspnet, not runtime: the gateway's http (/mcp) and ws (/ws) transports run on Kestrel
# (src/Gateway references the Microsoft.AspNetCore.App framework).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The images' unprivileged user. A native runtime needs the NPU device node: give this user the device's group
# (docker-compose.yml: group_add) or, where the BSP kernel leaves /dev/rknpu to root, run the container as root.
USER $APP_UID
# 4053: cluster remoting (nano.cluster.port). 8080 tcp, 8081 http (/mcp) and ws (/ws), 8082/udp: the MCP
# transports (nano.gateway.transports), served only by a node with the gateway role, on NANO_GATEWAY__BIND.
EXPOSE 4053 8080 8081 8082/udp
# Without flags or NANO_CLUSTER__* variables: a standalone node with the example (simulated) models.
ENTRYPOINT ["dotnet", "/app/Nano.NodeHost.dll", "run"]
