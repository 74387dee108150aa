package org.midonet.kube;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.RandomAccessFile;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.midonet.kube.trace.OfflineNetwork;
import org.midonet.kube.trace.TopologyReader;
import org.midonet.kube.trace.TraceEndpoints;
import org.midonet.kube.translate.RuleSource;

/**
 * Which package may use what, checked on the compiled main classes (tests are not imported). In short:
 * <ul>
 *   <li>pure: {@code facts}, {@code translate}, {@code midonet.model}, {@code common} (and {@code trace} but
 *       for the three classes that read a live or emulated network): no HTTP, no Kubernetes client, no files,
 *       and no project package that does I/O;
 *   <li>no cycles between the top-level packages, the controller's subpackages counted apart;
 *   <li>{@code cli} wires everything and nothing in the product uses it; {@code bench} and {@code demo} are
 *       tooling kept in the jar, which the product does not use;
 *   <li>the controllers ({@code controller.translation}, {@code .pusher}, {@code .annotator}) share only
 *       {@code controller.ops}; the {@code controller} package itself wires them.
 * </ul>
 */
@AnalyzeClasses(packages = "org.midonet.kube", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String ROOT = "org.midonet.kube";

    /** The packages that compute without touching the network, the API server or the disk. */
    private static final String[] PURE = {
        ROOT + ".facts..", ROOT + ".translate..", ROOT + ".midonet.model..", ROOT + ".common.."};

    /** Tooling kept in the jar (benchmarks, the demo's fake API server) and the command line that wires it all. */
    private static final String[] EDGE = {ROOT + ".cli..", ROOT + ".bench..", ROOT + ".demo.."};

    private static final DescribedPredicate<JavaClass> HTTP = resideInAnyPackage(
            "okhttp3..", "java.net.http..", "com.sun.net.httpserver..")
            .or(belongToAnyOf(HttpURLConnection.class, Socket.class, ServerSocket.class))
            .as("an HTTP client or server (okhttp3, java.net.http, com.sun.net.httpserver, sockets)");

    private static final DescribedPredicate<JavaClass> KUBERNETES_CLIENT = resideInAPackage("io.fabric8.kubernetes.client..")
            .as("the Kubernetes client (io.fabric8.kubernetes.client)");

    private static final DescribedPredicate<JavaClass> FILE_IO = resideInAPackage("java.nio.file..")
            .or(resideInAPackage("java.io").and(simpleNameStartingWith("File")))
            .or(belongToAnyOf(RandomAccessFile.class, ZipFile.class, JarFile.class))
            .as("file I/O (java.nio.file, java.io.File*, RandomAccessFile, ZipFile, JarFile)");

    /** Project classes outside the pure packages (the pure packages' own classes and the JDK and libraries pass). */
    private static final DescribedPredicate<JavaClass> IMPURE_PROJECT_CLASS = resideInAPackage(ROOT + "..")
            .and(resideInAnyPackage(PURE).negate())
            .as("a project class outside the pure packages");

    @ArchTest
    static final ArchRule pureCodeUsesNoNetworkAndNoKubernetesClient = noClasses()
            .that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat(HTTP)
            .orShould().dependOnClassesThat(KUBERNETES_CLIENT)
            .because("facts, translate, midonet.model and common compute; the I/O is at the edge");

    // The one exception: RuleSource reads DRL files, the built-in ones from the classpath (a directory when run
    // from target/classes, a jar when packaged) and the user's from --rules-dir. Moving it to cli would move the
    // classpath walk with it, which the tests and the bench use too; it stays, and is the only file reader here.
    @ArchTest
    static final ArchRule pureCodeReadsNoFiles = noClasses()
            .that().resideInAnyPackage(PURE)
            .and(belongToAnyOf(RuleSource.class).negate())
            .should().dependOnClassesThat(FILE_IO)
            .because("only translate.RuleSource reads files (the rule files) in the pure packages");

    @ArchTest
    static final ArchRule pureCodeUsesOnlyPureProjectPackages = noClasses()
            .that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat(IMPURE_PROJECT_CLASS)
            .because("a pure package that called the client, the applier or a controller would do I/O through it");

    // trace simulates a packet through a topology it is given; three classes build that topology from outside:
    // TopologyReader from MidoNet (the REST client), TraceEndpoints from the API server (the Kubernetes client)
    // and OfflineNetwork from the manifests, translated and applied to the in-process emulator (sim).
    @ArchTest
    static final ArchRule traceIsPureButForItsThreeReaders = noClasses()
            .that().resideInAPackage(ROOT + ".trace..")
            .and(belongToAnyOf(TopologyReader.class, TraceEndpoints.class, OfflineNetwork.class).negate())
            .should().dependOnClassesThat(HTTP)
            .orShould().dependOnClassesThat(KUBERNETES_CLIENT)
            .orShould().dependOnClassesThat(FILE_IO)
            .orShould().dependOnClassesThat(IMPURE_PROJECT_CLASS.and(resideOutsideOfPackage(ROOT + ".trace..")))
            .because("the simulation itself is pure; only its readers touch the network");

    /** One slice per top-level package; controller's and midonet's subpackages are slices of their own. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (!name.startsWith(ROOT + ".")) {
                return SliceIdentifier.ignore();
            }
            List<String> parts = List.of(name.substring(ROOT.length() + 1).split("\\."));
            boolean split = parts.size() > 1 && (parts.get(0).equals("controller") || parts.get(0).equals("midonet"));
            return SliceIdentifier.of(split ? parts.get(0) + "." + parts.get(1) : parts.get(0));
        }

        @Override
        public String getDescription() {
            return "the top-level packages of " + ROOT + " and the subpackages of controller and midonet";
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheCommandLineAndToolingUseCli = noClasses()
            .that().resideOutsideOfPackages(EDGE)
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
            .because("cli is where everything is wired; the product is wired by it, never the other way");

    @ArchTest
    static final ArchRule theProductDoesNotUseTheTooling = noClasses()
            .that().resideOutsideOfPackages(EDGE)
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".bench..", ROOT + ".demo..")
            .because("bench and demo are tooling kept in the jar, not part of the controller or the node agent");

    @ArchTest
    static final ArchRule controllersShareOnlyOps = slices()
            .matching(ROOT + ".controller.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage(ROOT + ".controller.ops.."))
            .because("the controllers are wired together by controller.ControllerSet and share metrics, probes and"
                    + " leader election through controller.ops only");

    @ArchTest
    static final ArchRule controllerSubpackagesDoNotUseTheWiring = classes()
            .that().resideInAPackage(ROOT + ".controller.(*)..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + ".controller..")
                    .or(resideInAPackage(ROOT + ".controller.(*)..")))
            .because("controller.ControllerSet wires the controllers; they do not reach back to it");
}
