package org.midonet.kube.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import org.midonet.kube.node.Iproute2;
import org.midonet.kube.node.Netns;

/**
 * The CNI plugin's entry point (the launcher in the host's CNI directory runs this class): operation from
 * CNI_* variables, network configuration on standard input, result or error object on standard output.
 * It loads neither picocli nor the rule engine nor the Kubernetes client, to start fast.
 */
public final class CniMain {
    /** A larger configuration is refused; real ones are a few hundred bytes. */
    static final int MAX_INPUT = 1024 * 1024;

    private CniMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.in, System.out));
    }

    /** Runs one invocation and returns its exit code: 0 on success, 1 with an error object on stdout otherwise. */
    public static int run(Map<String, String> env, InputStream stdin, PrintStream stdout) {
        return run(env, stdin, stdout, Netns.CURRENT);
    }

    /** As run, with host standing for the host's network namespace (tests plumb a namespace of their own). */
    static int run(Map<String, String> env, InputStream stdin, PrintStream stdout, Netns host) {
        byte[] input = new byte[0];
        try {
            input = stdin.readNBytes(MAX_INPUT + 1);
            if (input.length > MAX_INPUT) {
                throw new CniError(CniError.DECODING_FAILURE, "the network configuration is larger than " + MAX_INPUT + " bytes");
            }
            CniRequest request = CniRequest.fromEnvironment(env);
            CniPlugin plugin = new CniPlugin(new Iproute2(), host, new Ipam(env), new AgentClient());
            String output = plugin.execute(request, input);
            if (!output.isEmpty()) {
                stdout.println(output);
            }
            stdout.flush();
            return 0;
        } catch (CniError e) {
            return fail(stdout, input, e);
        } catch (IOException e) {
            return fail(stdout, input, new CniError(CniError.IO_FAILURE, "cannot read standard input", e.getMessage()));
        } catch (RuntimeException e) {
            return fail(stdout, input, new CniError(CniError.IO_FAILURE, "unexpected failure", e.toString()));
        }
    }

    private static int fail(PrintStream stdout, byte[] input, CniError error) {
        String version = CniConfig.versionOf(input);
        stdout.println(error.toJson(version == null ? CniVersions.LATEST : version));
        stdout.flush();
        System.err.println("midonet-kube CNI: " + error.getMessage() + (error.details() == null ? "" : ": " + error.details()));
        return 1;
    }

}
