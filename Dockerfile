# Multi-stage build of the aigw gateway: build with Maven on JDK 17, run on a JRE 17 as a non-root user.
# Configuration is mounted, not baked: mount the operator's config directory at /app/config (read-only), e.g.
#   docker run -v "$PWD/config:/app/config:ro" -v aigw-data:/app/data -p 8080:8080 aigw
# (docker-compose.yml and deploy/kubernetes do so). State (audit chain, generated keys) lives in the /app/data volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# Opens the JDK's compiler to Error Prone, which runs in every compile (see pom.xml).
COPY .mvn .mvn
COPY filters/pom.xml filters/pom.xml
COPY gateway/pom.xml gateway/pom.xml
RUN mvn -B -ntp -q -pl gateway -am dependency:go-offline
COPY filters filters
COPY gateway gateway
RUN mvn -B -ntp -q -pl gateway -am -DskipTests package

FROM eclipse-temurin:17-jre
# A fixed uid/gid (10001), the one deploy/kubernetes runs as (runAsUser, fsGroup).
RUN groupadd --system --gid 10001 aigw \
    && useradd --system --uid 10001 --gid aigw --home-dir /app --shell /usr/sbin/nologin aigw
WORKDIR /app
COPY --from=build /src/gateway/target/aigw.jar aigw.jar
RUN mkdir -p config data && chown -R aigw:aigw /app/data
VOLUME ["/app/data"]
USER aigw
# 8080: the API; 9090: actuator (health, Prometheus) and the admin endpoints.
EXPOSE 8080 9090
ENV MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true
# Liveness over bash's /dev/tcp: the JRE image needs no curl for it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# Parallel GC: the least CPU per request of the collectors measured (bench/ab.sh); size the heap with the
# container (MaxRAMPercentage) or -Xmx: 256 MB serves the benchmark load, ~45 KiB more per open stream.
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/aigw.jar"]
