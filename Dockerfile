# The image of the manifests: ./mvnw -q package -DskipTests && docker build -t midonet/midonet-kube:0.1.0 .
FROM eclipse-temurin:17-jre
COPY target/midonet-kube.jar /opt/midonet-kube/midonet-kube.jar
USER 0
ENTRYPOINT ["java", "-jar", "/opt/midonet-kube/midonet-kube.jar"]
