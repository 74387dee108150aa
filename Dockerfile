# The image of the manifests: ./mvnw -q package -DskipTests && docker build -t midonet/midonet-kube:0.1.0 .
FROM eclipse-temurin:17-jre
# the node agent and the CNI plugin drive iproute2 (nsenter comes with the base image's util-linux)
RUN apt-get update && apt-get install -y --no-install-recommends iproute2 && rm -rf /var/lib/apt/lists/*
COPY target/midonet-kube.jar /opt/midonet-kube/midonet-kube.jar
USER 0
ENTRYPOINT ["java", "-jar", "/opt/midonet-kube/midonet-kube.jar"]
