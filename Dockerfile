# Multi-stage build of the aigw gateway: build with Maven on JDK 17, run on a JRE 17 as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY filters/pom.xml filters/pom.xml
COPY gateway/pom.xml gateway/pom.xml
RUN mvn -B -ntp -q -pl gateway -am dependency:go-offline
COPY filters filters
COPY gateway gateway
RUN mvn -B -ntp -q -pl gateway -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system aigw && useradd --system --gid aigw --home-dir /app --shell /usr/sbin/nologin aigw
WORKDIR /app
COPY --from=build /src/gateway/target/aigw.jar aigw.jar
COPY config config
RUN mkdir -p data && chown -R aigw:aigw /app/data
USER aigw
# 8080: the API; 9090: actuator (health, Prometheus).
EXPOSE 8080 9090
# Parallel GC: the least CPU per request of the collectors measured (bench/ab.sh); size the heap with the
# container (MaxRAMPercentage) or -Xmx: 256 MB serves the benchmark load, ~45 KiB more per open stream.
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/aigw.jar"]
