package org.midonet.kube.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CNI_* variables are checked against the specification before anything uses them. */
class CniRequestTest {
    private static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "0123abc_def.1-2");
        env.put("CNI_NETNS", "/proc/self/ns/net");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns-5d78c9869d-x2x8j");
        env.put("CNI_PATH", "/opt/cni/bin:relative::/usr/lib/cni");
        return env;
    }

    private static int code(Map<String, String> env) {
        try {
            CniRequest.fromEnvironment(env);
            return 0;
        } catch (CniError e) {
            return e.code();
        }
    }

    @Test
    void readsAWellFormedRequest() throws CniError {
        CniRequest request = CniRequest.fromEnvironment(env("ADD"));
        assertThat(request.command()).isEqualTo(CniRequest.Command.ADD);
        assertThat(request.netns()).isEqualTo(Path.of("/proc/self/ns/net"));
        assertThat(request.podNamespace()).isEqualTo("kube-system");
        assertThat(request.podName()).isEqualTo("coredns-5d78c9869d-x2x8j");
        assertThat(request.path()).as("relative directories are ignored")
                .containsExactly(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
    }

    @Test
    void versionNeedsNothingElse() throws CniError {
        assertThat(CniRequest.fromEnvironment(Map.of("CNI_COMMAND", "VERSION")).command()).isEqualTo(CniRequest.Command.VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-abc", "abc;rm -rf /", "abc$(id)", "abc`id`", "a b", "abc\n", "ab/c", "..", "äbc"})
    void refusesContainerIdsOutsideTheSpecification(String id) {
        Map<String, String> env = env("ADD");
        env.put("CNI_CONTAINERID", id);
        assertThat(code(env)).isEqualTo(CniError.INVALID_ENVIRONMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "eth0/1", "eth:0", "eth 0", "eth0\t", "-eth0", "sixteen-chars-xx", "eth0;x", "eth$0"})
    void refusesInterfaceNamesThatAreNotPlain(String name) {
        Map<String, String> env = env("ADD");
        env.put("CNI_IFNAME", name);
        assertThat(code(env)).isEqualTo(CniError.INVALID_ENVIRONMENT);
    }

    @Test
    void refusesAMissingOrUnknownCommand() {
        assertThat(code(env("GC"))).isEqualTo(CniError.INVALID_ENVIRONMENT);
        assertThat(code(env("add"))).isEqualTo(CniError.INVALID_ENVIRONMENT);
        Map<String, String> env = env("ADD");
        env.remove("CNI_COMMAND");
        assertThat(code(env)).isEqualTo(CniError.INVALID_ENVIRONMENT);
    }

    @Test
    void needsANetworkNamespaceThatExistsExceptForDel() {
        Map<String, String> relative = env("ADD");
        relative.put("CNI_NETNS", "var/run/netns/x");
        assertThat(code(relative)).isEqualTo(CniError.INVALID_ENVIRONMENT);
        Map<String, String> dotted = env("ADD");
        dotted.put("CNI_NETNS", "/var/run/netns/../../etc/passwd");
        assertThat(code(dotted)).isEqualTo(CniError.INVALID_ENVIRONMENT);
        Map<String, String> missing = env("CHECK");
        missing.put("CNI_NETNS", "/var/run/netns/no-such-namespace");
        assertThat(code(missing)).isEqualTo(CniError.UNKNOWN_CONTAINER);
        Map<String, String> gone = env("DEL");
        gone.put("CNI_NETNS", "/var/run/netns/no-such-namespace");
        assertThat(code(gone)).isZero();
        gone.remove("CNI_NETNS");
        assertThat(code(gone)).isZero();
    }

    @Test
    void needsASearchPathForTheIpamPlugin() {
        Map<String, String> env = env("ADD");
        env.put("CNI_PATH", "relative:also/relative");
        assertThat(code(env)).isEqualTo(CniError.INVALID_ENVIRONMENT);
    }

    @Test
    void refusesMalformedArgsAndPodNames() throws CniError {
        for (String args : List.of("K8S_POD_NAME", "=x", "a=b=c")) {
            Map<String, String> env = env("ADD");
            env.put("CNI_ARGS", args);
            assertThat(code(env)).as(args).isEqualTo(CniError.INVALID_ENVIRONMENT);
        }
        for (String args : List.of("K8S_POD_NAMESPACE=default;K8S_POD_NAME=Web;", "K8S_POD_NAMESPACE=a.b;K8S_POD_NAME=web",
                "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;$(id)", "K8S_POD_NAMESPACE=default")) {
            Map<String, String> env = env("ADD");
            env.put("CNI_ARGS", args);
            assertThatThrownBy(() -> {
                CniRequest request = CniRequest.fromEnvironment(env);
                request.podNamespace();
                request.podName();
            }).as(args).isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.INVALID_ENVIRONMENT));
        }
    }
}
