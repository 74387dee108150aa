package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.sim.AuthMode;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import picocli.CommandLine;

class SimCommandTest {
    private static final String HOST_ID = "6a1f7d1e-52a4-4a55-9f55-0d9f4ad6b001";

    @TempDir
    Path dir;

    private static SimOptions parse(String... args) {
        CommandLine line = new CommandLine(new SimCommand());
        line.parseArgs(args);
        return line.<SimCommand>getCommand().options();
    }

    @Test
    void theDefaultsAreMidonetsOwn() {
        SimOptions options = parse();
        assertThat(options.port()).isEqualTo(8181);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.auth()).isEqualTo(AuthMode.MOCK);
        assertThat(options.hosts()).isEmpty();
        assertThat(options.failRate()).isZero();
        assertThat(options.seed()).isNull();
    }

    @Test
    void everyOptionIsRead() {
        SimOptions options = parse("--port", "0", "--bind", "0.0.0.0", "--auth", "basic", "--username", "u",
                "--password", "p", "--fail-rate", "0.1", "--drop-rate", "0.2", "--latency-ms", "30", "--token-ttl", "60",
                "--seed", "9", "--host", "node-1", "--host", "node-2=" + HOST_ID);
        assertThat(options.port()).isZero();
        assertThat(options.bind()).isEqualTo("0.0.0.0");
        assertThat(options.auth()).isEqualTo(AuthMode.BASIC);
        assertThat(options.username()).isEqualTo("u");
        assertThat(options.password()).isEqualTo("p");
        assertThat(options.failRate()).isEqualTo(0.1);
        assertThat(options.dropRate()).isEqualTo(0.2);
        assertThat(options.latencyMillis()).isEqualTo(30);
        assertThat(options.tokenTtlSeconds()).isEqualTo(60);
        assertThat(options.seed()).isEqualTo(9L);
        assertThat(options.hosts()).extracting(SimHost::name).containsExactly("node-1", "node-2");
        assertThat(options.hosts().get(0).id()).as("derived from the name, always the same")
                .isEqualTo(SimHost.idFor("node-1")).isEqualTo(parse("--host", "node-1").hosts().get(0).id());
        assertThat(options.hosts().get(1).id()).isEqualTo(UUID.fromString(HOST_ID));
    }

    @Test
    void hostsAreReadFromYamlAndJsonFiles() throws IOException {
        Path yaml = Files.writeString(dir.resolve("hosts.yaml"), """
                - id: %s
                  name: node-1
                  addresses: [192.0.2.1, 10.0.0.1]
                - name: node-2
                  alive: false
                """.formatted(HOST_ID));
        SimOptions fromYaml = parse("--hosts", yaml.toString(), "--host", "node-3");
        assertThat(fromYaml.hosts()).extracting(SimHost::name).containsExactly("node-1", "node-2", "node-3");
        assertThat(fromYaml.hosts().get(0).id()).isEqualTo(UUID.fromString(HOST_ID));
        assertThat(fromYaml.hosts().get(0).addresses()).containsExactly("192.0.2.1", "10.0.0.1");
        assertThat(fromYaml.hosts().get(1).alive()).isFalse();
        Path json = Files.writeString(dir.resolve("hosts.json"), "[{\"name\": \"node-9\", \"addresses\": [\"192.0.2.9\"]}]");
        assertThat(parse("--hosts", json.toString()).hosts().get(0).id()).isEqualTo(SimHost.idFor("node-9"));
    }

    @Test
    void aPortInUseIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandRun run = CommandRun.of("sim", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("in use").doesNotContain("\tat ");
        }
    }

    @Test
    void aBadHostsFileIsAClearError() throws IOException {
        CommandRun missing = CommandRun.of("sim", "--port", "0", "--hosts", dir.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist").doesNotContain("\tat ");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "- name: [unclosed\n");
        CommandRun malformed = CommandRun.of("sim", "--port", "0", "--hosts", broken.toString());
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).contains("neither YAML nor JSON").doesNotContain("\tat ");

        Path nameless = Files.writeString(dir.resolve("nameless.yaml"), "- id: " + HOST_ID + "\n");
        assertThat(CommandRun.of("sim", "--port", "0", "--hosts", nameless.toString()).err())
                .contains("entry 1: a host needs a name");
        Path badId = Files.writeString(dir.resolve("badid.json"), "[{\"id\": \"nope\", \"name\": \"n\"}]");
        assertThat(CommandRun.of("sim", "--port", "0", "--hosts", badId.toString()).err()).contains("'nope' is not a UUID");
        assertThat(CommandRun.of("sim", "--port", "0", "--host", "n=nope").err()).contains("'nope' is not a UUID");
        Path notAList = Files.writeString(dir.resolve("map.yaml"), "name: node-1\n");
        assertThat(CommandRun.of("sim", "--port", "0", "--hosts", notAList.toString()).err()).contains("must hold a list");
    }

    @Test
    void badOptionsAreCommandLineErrors() {
        CommandRun port = CommandRun.of("sim", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535");
        assertThat(CommandRun.of("sim", "--port", "eighty").exitCode()).isEqualTo(2);
        CommandRun auth = CommandRun.of("sim", "--auth", "basic");
        assertThat(auth.exitCode()).isEqualTo(2);
        assertThat(auth.err()).contains("--auth basic needs --password");
        assertThat(CommandRun.of("sim", "--fail-rate", "1.5").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("sim", "--auth", "keystone").exitCode()).isEqualTo(2);
    }

    @Test
    void itPrintsTheUrlAndServesUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread server = new Thread(() -> exitCode.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "sim", "--port", "0", "--host", "node-1")));
        server.start();
        Matcher url = Pattern.compile("listening on (http://\\S+/midonet-api)").matcher("");
        // the banner is printed line by line: wait for its last one
        for (int i = 0; i < 100 && !out.toString().contains("Press Ctrl-C to stop."); i++) {
            Thread.sleep(50);
        }
        assertThat(url.reset(out.toString()).find()).as("banner: %s %s", out, err).isTrue();
        assertThat(out.toString()).contains("host: node-1 " + SimHost.idFor("node-1"));
        HttpResponse<String> hosts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1) + "/hosts"))
                .header("Accept", "application/vnd.org.midonet.collection.Host-v3+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hosts.statusCode()).isEqualTo(200);
        assertThat(hosts.body()).contains("node-1");
        server.interrupt();
        server.join(5000);
        assertThat(server.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
    }
}
