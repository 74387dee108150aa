package org.midonet.kube.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kie.api.KieBase;
import org.midonet.kube.http.KubernetesHttp;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.trace.NatState;
import org.midonet.kube.trace.OfflineNetwork;
import org.midonet.kube.trace.Packet;
import org.midonet.kube.trace.Topology;
import org.midonet.kube.trace.TopologyReader;
import org.midonet.kube.trace.TraceEndpoints;
import org.midonet.kube.trace.TraceText;
import org.midonet.kube.trace.Tracer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Follows a packet through MidoNet's virtual network, as MidoNet's agent would forward it. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trace a packet through the MidoNet topology: every device, chain, rule and NAT on its way,",
            "and where it ends. Random choices of MidoNet (a Service's endpoints, equal routes) are each followed.",
            "Live: reads MidoNet through --midonet-api and names through the Kubernetes API (--kubeconfig, --kube-server).",
            "Offline: -f translates manifests and applies them to an in-process MidoNet emulator first.",
            "Against a running demo: trace --demo --from pod/default/db-0 --to svc/default/web:80 --reply"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:delivered (and, with --reply, the reply too) in every outcome",
            "1:dropped in some outcome", "2:bad command line, or a name that does not resolve",
            "3:the rules do not compile (-f)", "4:MidoNet or Kubernetes cannot be read"})
public final class TraceCommand implements Callable<Integer> {
    static final int DROPPED = 1;
    static final int BAD_INPUT = 2;
    static final int UNREACHABLE = 4;
    private static final URI DEMO_KUBERNETES = URI.create("http://127.0.0.1:18080");
    private static final URI DEMO_MIDONET = URI.create("http://127.0.0.1:18181/midonet-api");

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "SENDER",
            description = "pod/NS/NAME, node/NAME, or an address some bridge knows (ARP and MAC tables).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DESTINATION",
            description = "svc/NS/NAME:PORT (number or name), pod/NS/NAME:PORT, or IP:PORT.")
    String to;

    @Option(names = "--proto", paramLabel = "PROTOCOL",
            description = "tcp, udp, sctp or icmp. Default: the Service port's protocol, else tcp.")
    String protocol;

    @Option(names = "--sport", paramLabel = "PORT", defaultValue = "40000",
            description = "Source port. Default: ${DEFAULT-VALUE}.")
    int sourcePort;

    @Option(names = "--reply", description = "Also trace the answer, from where the packet arrived back to the sender.")
    boolean reply;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    String output;

    @Option(names = "--all-paths", description = "Print every outcome's path in full (default: the first, then one line each).")
    boolean allPaths;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "Offline: manifests to translate and apply to an in-process emulator (repeatable).")
    List<String> paths;

    @Mixin
    KubernetesOptions kubernetes;

    @Option(names = "--kube-server", paramLabel = "URL", description = "A Kubernetes API server to use without a kubeconfig.")
    URI kubeServer;

    @Option(names = "--demo", description = "Use the demo's addresses: --kube-server " + "http://127.0.0.1:18080"
            + " and --midonet-api http://127.0.0.1:18181/midonet-api.")
    boolean demo;

    @Mixin
    MidonetOptions midonet;

    @Mixin
    TranslationOptions translation;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("error: --output must be text or json, not " + output);
            return BAD_INPUT;
        }
        try {
            return paths == null ? traceLive(out, err) : traceOffline(out, err);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (MidonetException | KubernetesClientException e) {
            err.println("error: " + e.getMessage());
            return UNREACHABLE;
        }
    }

    private int traceLive(PrintWriter out, PrintWriter err) {
        MidonetClientConfig config = midonet.config();
        if (demo) {
            config = MidonetClientConfig.of(DEMO_MIDONET).withCredentials("admin", "demo", null);
        }
        try (MidonetClient client = new MidonetClient(config, new SimpleMeterRegistry());
                KubernetesClient kube = kubernetesClient()) {
            Topology topology = TopologyReader.read(client);
            return trace(out, topology, TraceEndpoints.of(kube));
        }
    }

    private int traceOffline(PrintWriter out, PrintWriter err) {
        Optional<KieBase> rules = translation.compile(err);
        if (rules.isEmpty()) {
            return TranslateCommand.RULES_DO_NOT_COMPILE;
        }
        ManifestReader.Result input = ManifestReader.read(paths, System.in);
        input.problems().forEach(err::println);
        try (OfflineNetwork network = OfflineNetwork.start(input.objects(), rules.get(), translation.tenant,
                translation.clusterCidr)) {
            network.conflicts().forEach(p -> err.println("warning: not translated: " + p));
            network.failures().forEach((name, why) -> err.println("warning: MidoNet did not take " + name + ": " + why));
            return trace(out, network.topology(), TraceEndpoints.of(input.objects()));
        } catch (IOException e) {
            err.println("error: cannot start the MidoNet emulator: " + e.getMessage());
            return UNREACHABLE;
        }
    }

    private int trace(PrintWriter out, Topology topology, TraceEndpoints.Cluster cluster) {
        TraceEndpoints endpoints = new TraceEndpoints(topology, cluster);
        Tracer.Sender sender = endpoints.sender(from);
        TraceEndpoints.Destination destination = endpoints.destination(to);
        int proto = protocol != null ? TraceEndpoints.protocolNumber(protocol)
                : destination.protocol() != null ? destination.protocol() : Packet.TCP;
        if (sourcePort < 1 || sourcePort > 65535) {
            throw new IllegalArgumentException("--sport must be from 1 to 65535");
        }
        Tracer tracer = new Tracer(topology, endpoints.labelsByInterface());
        List<Tracer.Outcome> outcomes = tracer.outcomes(sender, destination.ip(), proto, sourcePort, destination.port(),
                reply, new NatState());
        boolean delivered = outcomes.stream().allMatch(Tracer.Outcome::delivered);
        if (output.equals("json")) {
            out.println(json(new Report(from, to, destination.description(), Packet.protocolName(proto),
                    delivered ? "delivered" : "dropped", outcomes)));
        } else {
            out.println("Tracing " + from + " -> " + destination.description() + " (" + destination.ip() + ":"
                    + destination.port() + " " + Packet.protocolName(proto) + ")");
            out.print(TraceText.of(outcomes, allPaths));
            out.println(summary(outcomes));
        }
        out.flush();
        return delivered ? 0 : DROPPED;
    }

    private static String summary(List<Tracer.Outcome> outcomes) {
        long ok = outcomes.stream().filter(Tracer.Outcome::delivered).count();
        return outcomes.size() == 1 ? (ok == 1 ? "Result: delivered" : "Result: dropped")
                : "Result: " + ok + " of " + outcomes.size() + " outcomes delivered";
    }

    /** What -o json prints. */
    record Report(String from, String to, String destination, String protocol, String verdict, List<Tracer.Outcome> outcomes) {
    }

    private static String json(Report report) {
        try {
            return new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }


    private KubernetesClient kubernetesClient() {
        URI server = demo ? DEMO_KUBERNETES : kubeServer;
        if (server == null) {
            return kubernetes.client();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.toString()).withRequestTimeout(10_000).build();
        return KubernetesHttp.client(config);
    }
}
