package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default, uid: 0f0e0d0c-0000-4000-8000-000000000001}
            spec:
              clusterIP: 10.96.0.20
              ports: [{name: http, protocol: TCP, port: 80}]
            """;

    @TempDir
    Path dir;

    @Test
    void printsOneYamlDocumentPerTranslation() {
        CommandRun run = CommandRun.of("translate", "-f", "samples/");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("---\n");
        assertThat(run.out().split("(?m)^kind: Translation$")).hasSize(31); // 30 Translations
        assertThat(run.out()).contains("name: service.4.kube-dns", "name: pod.4.db-0", "name: midonet-global.4.chain")
                .doesNotContain("name: pod-mac.", "name: pod-arp.");
    }

    @Test
    void printsAJsonListWithDashOJson() throws IOException {
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "-o", "json");
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).allSatisfy(item -> assertThat(item.path("kind").asText()).isEqualTo("Translation"));
    }

    @Test
    void readsJsonFilesAndListKinds() throws IOException {
        Path file = dir.resolve("list.json");
        Files.writeString(file, """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Service",
                   "metadata": {"name": "web", "namespace": "default"},
                   "spec": {"clusterIP": "10.96.0.20", "ports": [{"name": "http", "port": 80}]}}]}
                """);
        CommandRun run = CommandRun.of("translate", "-f", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("name: service.4.web", "KUBE-SVC-default/web/http");
    }

    @Test
    void readsStandardInputForDash() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(SERVICE.getBytes(StandardCharsets.UTF_8)));
            CommandRun run = CommandRun.of("translate", "-f", "-");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("name: service.4.web");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void explainAnnotatesEachTranslationWithItsRulesAndSources() {
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "--explain");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("midonet.org/explanation",
                "Endpoints: DNAT new connections to any backend",
                "from Service kube-system/kube-dns, EndpointSlice kube-dns-8rj5x");
    }

    @Test
    void tenantChangesEveryId() {
        String midonetkube = CommandRun.of("translate", "-f", "samples/nodes.yaml").out();
        String other = CommandRun.of("translate", "-f", "samples/nodes.yaml", "--tenant", "other").out();
        assertThat(other).contains("tenantId\\\":\\\"other").isNotEqualTo(midonetkube);
    }

    @Test
    void reportsMalformedObjectsAndTranslatesTheRest() throws IOException {
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, SERVICE + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: broken, namespace: default}
                spec:
                  clusterIP: 10.96.0.300
                  ports: [{name: http, protocol: TCP, port: 80}]
                """);
        CommandRun run = CommandRun.of("translate", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Service default/broken", "spec.clusterIP", "10.96.0.300");
        assertThat(run.out()).contains("name: service.4.web").doesNotContain("broken");
    }

    @Test
    void reportsAServiceReusingAnOlderServicesClusterIpAsAConflictAndExitsOne() throws IOException {
        Path file = dir.resolve("conflict.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Service
                metadata: {name: kube-dns, namespace: kube-system, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  clusterIP: 10.96.0.10
                  ports: [{name: dns, protocol: UDP, port: 53}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: thief, namespace: default, creationTimestamp: "2026-06-01T00:00:00Z"}
                spec:
                  clusterIP: 10.96.0.10
                  ports: [{name: dns, protocol: UDP, port: 53}]
                """);
        CommandRun run = CommandRun.of("translate", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("conflict: Service default/thief spec.clusterIP: '10.96.0.10' is the ClusterIP of "
                + "Service kube-system/kube-dns, which is older");
        assertThat(run.out()).contains("name: service.4.kube-dns").doesNotContain("thief");
    }

    @Test
    void aClusterCidrMakesANodeOutsideItAConflict() {
        CommandRun inside = CommandRun.of("translate", "-f", "samples/nodes.yaml", "--cluster-cidr", "10.1.0.0/16");
        assertThat(inside.exitCode()).isZero();
        assertThat(inside.err()).isEmpty();

        CommandRun outside = CommandRun.of("translate", "-f", "samples/nodes.yaml", "--cluster-cidr", "10.1.1.0/24");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err()).contains("conflict: Node master-1 spec.podCIDR: '10.1.0.0/24' is not within the cluster CIDR");

        assertThat(CommandRun.of("translate", "-f", "samples/nodes.yaml", "--cluster-cidr", "10.1.0/16").exitCode()).isEqualTo(2);
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Service\nmetadata: {name: x\n");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, SERVICE);
        CommandRun run = CommandRun.of("translate", "-f", bad.toString(), "-f", good.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern("bad\\.yaml:\\d+:\\d+: invalid YAML");
        assertThat(run.out()).contains("name: service.4.web");
    }

    @Test
    void reportsDuplicateObjects() throws IOException {
        Path file = dir.resolve("twice.yaml");
        Files.writeString(file, SERVICE + "---\n" + SERVICE);
        CommandRun run = CommandRun.of("translate", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("document 2", "Service default/web is a duplicate of the one in");
        assertThat(run.out()).contains("name: service.4.web");
    }

    @Test
    void reportsMissingFiles() {
        CommandRun run = CommandRun.of("translate", "-f", dir.resolve("nowhere.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nowhere.yaml: no such file or directory");
    }

    @Test
    void rejectsUnknownOptionsAndOutputFormats() {
        assertThat(CommandRun.of("translate", "-f", "samples/", "--colour").exitCode()).isEqualTo(2);
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "-o", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("xml");
    }

    @Test
    void aUserRuleFileReplacesTheBuiltInOneWithItsName() throws IOException {
        Files.writeString(dir.resolve("service.drl"), """
                package org.midonet.kube.rules;
                // no Service chains or jumps at all
                """);
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "--rules", dir.toString());
        assertThat(run.exitCode()).isZero();
        Map<String, Set<SamplesGoldenTest.Resource>> translations = SamplesGoldenTest.translations(run.out());
        assertThat(translations).containsKey("default/node.4.worker-1");
        // the Service's Translation holds only what the built-in endpoints.drl derives: its DNATs
        assertThat(translations.get("kube-system/service.4.kube-dns")).hasSize(3).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo("Rule");
            assertThat(r.body().path("type").asText()).isEqualTo("dnat");
        });
        assertThat(run.out()).doesNotContain("KUBE-SVC-");
    }

    @Test
    void anExtraUserRuleFileAddsToTheTranslation() throws IOException {
        Files.writeString(dir.resolve("extra.drl"), """
                package org.midonet.kube.rules;
                import org.midonet.kube.midonet.model.*;
                import org.midonet.kube.translate.*;
                global Ids ids;
                global String tenant;
                rule "Extra: an audit chain"
                when
                then
                    insertLogical(Derived.of(Translations.global("audit"),
                            new Chain(ids.idForKey("Audit", "chain"), "AUDIT", tenant)));
                end
                """);
        CommandRun run = CommandRun.of("translate", "-f", "samples/nodes.yaml", "--rules", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("name: midonet-global.4.audit", "AUDIT");
    }

    @Test
    void theOriginalsEndpointSchemeIsARuleFileAway() throws IOException {
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "--rules", "examples/rules/original-endpoints");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("name: endpoints-port.4.kube-dns-dns-10.96.0.10-10.1.0.10-53-udp-",
                "KUBE-SEP-kube-dns/dns/10.96.0.10/10.1.1.10/53/UDP");
        // the built-in service.drl and endpoints.drl are replaced: as the original grouped them, the Services'
        // Translations hold only their port chains, each port's jump has a Translation of its own
        Map<String, Set<SamplesGoldenTest.Resource>> translations = SamplesGoldenTest.translations(run.out());
        assertThat(translations).hasEntrySatisfying("kube-system/service.4.kube-dns", resources -> assertThat(resources)
                .hasSize(3).allMatch(r -> r.kind().equals("Chain")));
        assertThat(translations.keySet()).filteredOn(name -> name.startsWith("kube-system/service-port.4.kube-system-kube-dns-"))
                .hasSize(3);
        assertThat(translations).allSatisfy((name, resources) -> {
            if (name.contains("/service.4.")) {
                assertThat(resources).as(name).allMatch(r -> r.kind().equals("Chain"));
            }
        });
    }

    @Test
    void reportsDrlErrorsAsFileLineMessage() throws IOException {
        Files.writeString(dir.resolve("broken.drl"), """
                package org.midonet.kube.rules;
                import org.midonet.kube.facts.NodeFact;

                rule "Broken: unknown field"
                when
                    NodeFact( nmae == "x" )
                then
                end
                """);
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "--rules", dir.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).containsPattern("broken\\.drl:\\d+: .*nmae");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void reportsAMissingRulesDirectory() {
        CommandRun run = CommandRun.of("translate", "-f", "samples/", "--rules", dir.resolve("none").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("--rules", "is not a directory");
    }
}
