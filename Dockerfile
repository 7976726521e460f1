# Runboard's container image: docker build -t runboard .
# How to run it (IAM policy, Kubernetes, ECS, load balancers): docs/deploy.md.
#
# Both base images are pinned to one exact Temurin release; bump the two tags together.
# To also pin digests, resolve them where you build (docs/deploy.md, "Base images").
# The image runs on Java 25 (LTS) for its AOT cache and virtual threads; the code is
# compiled for Java 17, so ./mvnw still builds and tests on any JDK from 17 on.

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/main/ src/main/
# The test suite runs in CI (./mvnw verify) before an image is built; the cache mount
# keeps Maven's downloads between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -Dmaven.test.skip=true package \
    && cp target/runboard-*.jar app.jar
# Spring Boot's layers, least often changed first: dependencies, loader, snapshots, our
# code. Extracted as app.jar plus lib/, the form the JVM's AOT cache can map.
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25.0.3_9-jre-noble
LABEL org.opencontainers.image.title="Runboard" \
      org.opencontainers.image.description="A web dashboard for AWS Systems Manager Run Command invocations"
# A numeric user, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN groupadd --system --gid 10001 runboard \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin runboard
WORKDIR /app
# One layer per Boot layer, so a code change ships as a small last layer. The files stay
# owned by root: the application cannot change its own code.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The training run of the JVM's AOT cache: the application starts on the built-in sandbox
# data (no AWS, no network), warms up as at every start (signs in over loopback, renders
# its busiest pages) and exits; the JVM then writes the classes it loaded and linked and
# the profiles of its hot methods to app.aot, which every start maps instead of redoing
# that work. It must be remade with the application, so it lives in the last layer. It runs
# without history: the sandbox's store is a PostgreSQL it starts itself, which a build, as
# root without user namespaces, cannot start (docs/decisions.md).
RUN ["java", "-XX:AOTCacheOutput=app.aot", "-Drunboard.ssm.source=sandbox", "-Drunboard.history.enabled=false", "-Drunboard.warm-up.exit=true", "-Dserver.port=0", "-Dlogging.threshold.console=WARN", "-jar", "app.jar"]
# The image reads a real account; credentials come only from the SDK's default chain
# (IRSA, EKS Pod Identity, ECS task role, instance profile). Logs are JSON (ECS format)
# for the platform's log pipeline; LOGGING_STRUCTURED_FORMAT_CONSOLE= switches to text.
# Requests, and pages read ahead, run on virtual threads (Java 21 and later).
ENV RUNBOARD_SSM_SOURCE=aws \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    SPRING_THREADS_VIRTUAL_ENABLED=true
USER 10001:10001
EXPOSE 8080
# Liveness only (a restart cures no AWS problem); the JRE image has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-cp", "/app/app.jar", "dev.runboard.system.HealthCheck"]
# Heap as a share of the container's memory limit, leaving room for metaspace, threads
# and the health check's short-lived JVM; exit on OutOfMemoryError so the orchestrator
# replaces the container instead of it limping on; the AOT cache made above. Add JVM
# options with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
