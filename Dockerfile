# The image of the manifests: ./mvnw -q package -DskipTests && docker build -t midonet/midonet-kube:0.1.0 .
FROM eclipse-temurin:17-jre
# the node agent and the CNI plugin drive iproute2 (nsenter comes with the base image's util-linux)
RUN apt-get update && apt-get install -y --no-install-recommends iproute2 && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 midonet-kube \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin midonet-kube
COPY target/midonet-kube.jar /opt/midonet-kube/midonet-kube.jar
# The controllers run as this user (numeric, so that runAsNonRoot can check it). The node agent needs root
# for its network plumbing and host files: its DaemonSet sets runAsUser: 0 (with NET_ADMIN, not privileged).
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/opt/midonet-kube/midonet-kube.jar"]
