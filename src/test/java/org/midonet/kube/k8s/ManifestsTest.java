package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.midonet.kube.cli.Main;
import org.midonet.kube.cli.NodeCommand;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.controller.ops.OpsServer;
import picocli.CommandLine;

/** The manifests agree with the code: names, ports, the command, its variables and the permissions it needs. */
class ManifestsTest {
    private static final ManifestReader.Result MANIFESTS = ManifestReader.read(List.of("manifests/"), System.in);

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = MANIFESTS.objects().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s objects in manifests/", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> T named(Class<T> type, String name) {
        List<T> found = MANIFESTS.objects().stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s in manifests/", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    private static final String CONTROLLERS = "midonet-kube-controllers";
    private static final String NODE = "midonet-kube-node";

    private static Container controllers() {
        return only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void everyManifestParses() {
        assertThat(MANIFESTS.problems()).isEmpty();
        assertThat(MANIFESTS.objects()).extracting(HasMetadata::getKind).contains("CustomResourceDefinition",
                "Deployment", "DaemonSet", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
                "ConfigMap", "Secret", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
    }

    @Test
    void onlyTheControllersServiceAccountMayWriteTranslations() {
        ValidatingAdmissionPolicy policy = named(ValidatingAdmissionPolicy.class, "midonet-kube-translation-writers");
        assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("midonet.org");
            assertThat(rule.getResources()).containsExactlyInAnyOrder("translations", "translations/status");
            assertThat(rule.getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE", "DELETE");
        });
        Deployment controllers = only(Deployment.class);
        String account = "system:serviceaccount:" + controllers.getMetadata().getNamespace() + ":"
                + controllers.getSpec().getTemplate().getSpec().getServiceAccountName();
        String daemonSetAccount = only(DaemonSet.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(policy.getSpec().getValidations()).singleElement().satisfies(v -> {
            assertThat(v.getExpression()).contains("'" + account + "'");
            if (!daemonSetAccount.equals(controllers.getSpec().getTemplate().getSpec().getServiceAccountName())) {
                assertThat(v.getExpression()).doesNotContain(":" + daemonSetAccount + "'");
            }
        });
        ValidatingAdmissionPolicyBinding binding =
                named(ValidatingAdmissionPolicyBinding.class, "midonet-kube-translation-writers");
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    }

    @Test
    void theDeploymentRunsTheControllersCommandWithItsPortAndProbes() {
        Deployment deployment = only(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Container c = controllers();
        assertThat(c.getArgs()).startsWith("controllers");
        assertThat(new CommandLine(new Main()).parseArgs(c.getArgs().toArray(String[]::new)).subcommand().commandSpec().name())
                .as("the arguments parse").isEqualTo("controllers");
        assertThat(c.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(OpsServer.DEFAULT_PORT));
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", Integer.toString(OpsServer.DEFAULT_PORT));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(named(ServiceAccount.class, CONTROLLERS).getMetadata().getName());
    }

    @Test
    void everyVariableTheDeploymentSetsIsReadByTheCommandAndComesFromTheConfig() {
        Set<String> read = environmentVariablesRead(new CommandLine(new Main()).getSubcommands().get("controllers"));
        ConfigMap config = only(ConfigMap.class);
        Secret secret = only(Secret.class);
        for (EnvVar env : controllers().getEnv()) {
            if (env.getName().startsWith("MIDONETKUBE_")) {
                assertThat(read).as("variables the controllers command reads").contains(env.getName());
            }
            var source = env.getValueFrom();
            if (source != null && source.getConfigMapKeyRef() != null) {
                assertThat(source.getConfigMapKeyRef().getName()).isEqualTo(config.getMetadata().getName());
                assertThat(config.getData()).containsKey(source.getConfigMapKeyRef().getKey());
            }
            if (source != null && source.getSecretKeyRef() != null) {
                assertThat(source.getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
                assertThat(secret.getStringData()).containsKey(source.getSecretKeyRef().getKey());
            }
        }
        assertThat(controllers().getEnv()).extracting(EnvVar::getName).contains("MIDONETKUBE_MIDONET_API",
                "MIDONETKUBE_TENANT", "MIDONETKUBE_ENABLED_CONTROLLERS", "POD_NAME");
        // the password is the Secret mounted as a file, read again at every login
        String passwordFile = controllers().getArgs().get(controllers().getArgs().indexOf("--midonet-password-file") + 1);
        VolumeMount mount = controllers().getVolumeMounts().stream().filter(m -> passwordFile.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow();
        assertThat(only(Deployment.class).getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals(mount.getName())).singleElement().satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
                    assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> {
                        assertThat(secret.getStringData()).containsKey(i.getKey());
                        assertThat(mount.getMountPath() + "/" + i.getPath()).isEqualTo(passwordFile);
                    });
                });
    }

    @Test
    void rbacGrantsWhatTheControllersUse() {
        List<PolicyRule> rules = named(ClusterRole.class, CONTROLLERS).getRules();
        assertAllowed(rules, "", "nodes", "get", "list", "watch", "patch");
        assertAllowed(rules, "", "pods", "get", "list", "watch");
        assertAllowed(rules, "", "services", "get", "list", "watch");
        assertAllowed(rules, "", "endpoints", "get", "list", "watch");
        assertAllowed(rules, "discovery.k8s.io", "endpointslices", "get", "list", "watch");
        assertAllowed(rules, "midonet.org", "translations", "get", "list", "watch", "create", "update", "patch", "delete");
        assertAllowed(rules, "midonet.org", "translations/status", "get", "update", "patch");
        assertAllowed(rules, "", "events", "create", "get", "patch");
        assertAllowed(only(Role.class).getRules(), "coordination.k8s.io", "leases", "get", "create", "update", "patch");
        assertThat(only(Role.class).getMetadata().getNamespace()).isEqualTo("kube-system");

        String account = named(ServiceAccount.class, CONTROLLERS).getMetadata().getName();
        assertThat(named(ClusterRoleBinding.class, CONTROLLERS).getRoleRef().getName()).isEqualTo(CONTROLLERS);
        assertThat(named(ClusterRoleBinding.class, CONTROLLERS).getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
        assertThat(only(RoleBinding.class).getRoleRef().getName()).isEqualTo(only(Role.class).getMetadata().getName());
        assertThat(only(RoleBinding.class).getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
    }

    @Test
    void theNodeDaemonSetRunsOnEveryNode() {
        DaemonSet node = only(DaemonSet.class);
        assertThat(node.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        assertThat(node.getSpec().getTemplate().getSpec().getTolerations())
                .anySatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    }

    private static Container nodeAgent() {
        return only(DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void theNodeDaemonSetRunsTheNodeAgentWithVariablesItReads() {
        Container c = nodeAgent();
        assertThat(c.getArgs().get(0)).isEqualTo("node");
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("node");
        CommandLine node = new CommandLine(new NodeCommand());
        assertThat(node.parseArgs(c.getArgs().subList(1, c.getArgs().size()).toArray(String[]::new)).errors()).isEmpty();
        Set<String> read = environmentVariablesRead(node);
        for (EnvVar env : c.getEnv()) {
            if (env.getName().startsWith("MIDONETKUBE_")) {
                assertThat(read).as("variables the node command reads").contains(env.getName());
            }
            var source = env.getValueFrom();
            if (source != null && source.getConfigMapKeyRef() != null) {
                assertThat(source.getConfigMapKeyRef().getName()).isEqualTo(only(ConfigMap.class).getMetadata().getName());
                if (!Boolean.TRUE.equals(source.getConfigMapKeyRef().getOptional())) {
                    assertThat(only(ConfigMap.class).getData()).containsKey(source.getConfigMapKeyRef().getKey());
                }
            }
        }
        // the original midonet-kube-node's variables and configuration keys
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("MIDONETKUBE_NODENAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("MIDONETKUBE_CLUSTERCIDR")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("cluster.cidr"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("MIDONETKUBE_SERVICECIDR")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("service.cidr"));
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("MIDONETKUBE_CNICONFIGPATH", "KUBERNETES_SERVICE_HOST",
                "KUBERNETES_SERVICE_PORT");
    }

    @Test
    void theNodeAgentWritesIntoTheHostDirectoriesTheDaemonSetMounts() {
        CommandLine node = new CommandLine(new NodeCommand());
        Container c = nodeAgent();
        node.parseArgs(c.getArgs().subList(1, c.getArgs().size()).toArray(String[]::new));
        var spec = node.getCommandSpec();
        String socketDir = Path.of(spec.findOption("--socket").getValue().toString()).getParent().toString();
        String configDir = nodeAgent().getEnv().stream().filter(e -> e.getName().equals("MIDONETKUBE_CNICONFIGPATH"))
                .map(e -> Path.of(e.getValue()).getParent().toString()).findFirst().orElseThrow();
        // where the agent writes (in the container) -> the host directory; the launcher, configuration and
        // socket name the install and socket directories by their host paths, so those are mounted in place
        assertThat(hostPathMountedAt(spec.findOption("--cni-bin-dir").getValue().toString())).isEqualTo("/opt/cni/bin");
        assertThat(hostPathMountedAt(configDir)).isEqualTo("/etc/cni/net.d");
        String installDir = spec.findOption("--install-dir").getValue().toString();
        assertThat(hostPathMountedAt(installDir)).isEqualTo(installDir);
        assertThat(hostPathMountedAt(socketDir)).isEqualTo(socketDir);
    }

    @Test
    void theNodeAgentsHaveTheirOwnAccountThatCanOnlyReadAndPatchNodesAndPods() {
        String account = only(DaemonSet.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(account).isEqualTo(NODE).isNotEqualTo(CONTROLLERS);
        assertThat(named(ServiceAccount.class, NODE).getMetadata().getNamespace()).isEqualTo("kube-system");
        List<PolicyRule> rules = named(ClusterRole.class, NODE).getRules();
        assertAllowed(rules, "", "nodes", "get", "patch");
        assertAllowed(rules, "", "pods", "get", "patch");
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.getApiGroups()).containsOnly("");
            assertThat(r.getResources()).isSubsetOf("nodes", "pods");
            assertThat(r.getVerbs()).isSubsetOf("get", "list", "watch", "patch");
        });
        assertThat(named(ClusterRoleBinding.class, NODE).getRoleRef().getName()).isEqualTo(NODE);
        assertThat(named(ClusterRoleBinding.class, NODE).getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(NODE);
            assertThat(s.getNamespace()).isEqualTo("kube-system");
        });
        // the node agents' account is bound to its role only, and the controllers' role no longer carries their writes
        List<String> roles = new ArrayList<>();
        for (HasMetadata o : MANIFESTS.objects()) {
            if (o instanceof ClusterRoleBinding b && b.getSubjects().stream().anyMatch(x -> NODE.equals(x.getName()))) {
                roles.add(b.getRoleRef().getName());
            }
            if (o instanceof RoleBinding b && b.getSubjects().stream().anyMatch(x -> NODE.equals(x.getName()))) {
                roles.add(b.getRoleRef().getName());
            }
        }
        assertThat(roles).containsExactly(NODE);
        assertThat(named(ClusterRole.class, CONTROLLERS).getRules())
                .noneMatch(r -> r.getResources().contains("pods") && r.getVerbs().contains("patch"));
    }

    @Test
    void anAdmissionPolicyLetsTheNodeAgentsChangeOnlyTheMacAnnotation() {
        ValidatingAdmissionPolicy policy = named(ValidatingAdmissionPolicy.class, NODE);
        var spec = policy.getSpec();
        assertThat(spec.getFailurePolicy()).isEqualTo("Fail");
        assertThat(spec.getMatchConstraints().getResourceRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("");
            assertThat(r.getResources()).containsExactlyInAnyOrder("nodes", "pods");
            assertThat(r.getOperations()).contains("UPDATE");
        });
        assertThat(spec.getMatchConditions()).singleElement().satisfies(c -> assertThat(c.getExpression())
                .isEqualTo("request.userInfo.username == 'system:serviceaccount:kube-system:" + NODE + "'"));
        assertThat(spec.getVariables()).anySatisfy(v -> assertThat(v.getExpression())
                .isEqualTo("'" + Annotations.MAC_ADDRESS + "'"));
        List<String> expressions = spec.getValidations().stream().map(Validation::getExpression).toList();
        assertThat(expressions).anySatisfy(e -> assertThat(e).contains("object.spec == oldObject.spec"))
                .anySatisfy(e -> assertThat(e).contains("object.metadata.labels == oldObject.metadata.labels"))
                .anySatisfy(e -> assertThat(e).contains("object.metadata.annotations.all(k, k == variables.mac"))
                .anySatisfy(e -> assertThat(e).contains("object.spec.nodeName) == variables.nodeName"));
        for (String expression : expressions) {
            assertBalanced(expression);
        }
        assertThat(spec.getValidations()).allSatisfy(v -> assertThat(v.getMessage() != null || v.getMessageExpression() != null)
                .isTrue());

        ValidatingAdmissionPolicyBinding binding = named(ValidatingAdmissionPolicyBinding.class, NODE);
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    }

    /** Parentheses, brackets and quotes pair up: a CEL expression's first sanity check, short of an API server. */
    private static void assertBalanced(String expression) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (char c : expression.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                open.append(c);
            } else if (!quoted && (c == ')' || c == ']')) {
                assertThat(open).as(expression).isNotEmpty();
                assertThat(open.charAt(open.length() - 1)).as(expression).isEqualTo(c == ')' ? '(' : '[');
                open.setLength(open.length() - 1);
            }
        }
        assertThat(quoted).as(expression).isFalse();
        assertThat(open).as(expression).isEmpty();
    }

    @Test
    void theControllersRunAsTheImagesNonRootUserWithNothingToEscalate() throws IOException {
        PodSpec pod = only(Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext c = controllers().getSecurityContext();
        assertThat(c.getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getCapabilities().getAdd()).isNullOrEmpty();
        // the image's USER, numeric (runAsNonRoot can check only a number), is the one the Deployment names
        String user = Files.readAllLines(Path.of("Dockerfile")).stream().filter(l -> l.startsWith("USER "))
                .reduce((first, last) -> last).orElseThrow().substring("USER ".length()).split(":")[0];
        assertThat(user).matches("[1-9][0-9]*");
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user));
    }

    @Test
    void theNodeAgentIsRootWithNetAdminOnlyNotPrivileged() {
        SecurityContext c = nodeAgent().getSecurityContext();
        assertThat(c.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getRunAsUser()).isZero();
        assertThat(c.getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getCapabilities().getAdd()).containsExactly("NET_ADMIN");
        assertThat(c.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        PodSpec pod = only(DaemonSet.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    }

    private static String hostPathMountedAt(String path) {
        var pod = only(DaemonSet.class).getSpec().getTemplate().getSpec();
        String volume = nodeAgent().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path))
                .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst().orElseThrow()
                .getHostPath().getPath();
    }

    private static void assertAllowed(List<PolicyRule> rules, String group, String resource, String... verbs) {
        Set<String> granted = rules.stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
        assertThat(granted).as("verbs on %s/%s", group, resource).contains(verbs);
    }

    /** The variables the command's options (its own and its mixins') default from: ${env:NAME...}. */
    private static Set<String> environmentVariablesRead(CommandLine command) {
        Pattern env = Pattern.compile("\\$\\{env:(\\w+)");
        Set<String> names = new TreeSet<>();
        Class<?> type = command.getCommandSpec().userObject().getClass();
        List<Class<?>> classes = new ArrayList<>(List.of(type));
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
                classes.add(field.getType());
            }
        }
        for (Class<?> c : classes) {
            for (Field field : c.getDeclaredFields()) {
                CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
                if (option != null) {
                    Matcher m = env.matcher(option.defaultValue());
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }
}
