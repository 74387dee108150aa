package org.midonet.kube.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The midonet-kube command line: one subcommand per job. */
@Command(name = "midonet-kube", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "MidoNet as the network of a Kubernetes cluster.",
        subcommands = {TranslateCommand.class, ApplyCommand.class, ControllersCommand.class, DemoCommand.class, SimCommand.class,
            TraceCommand.class, NodeCommand.class, CniCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        quietLibraries();
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs a command line writing to the given streams instead of standard output and error. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        quietLibraries();
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    /** Drools and fabric8 log at INFO on every start; a command line tool shows warnings only (logback.xml). */
    static void quietLibraries() {
        Logging.oneShotDefault();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"midonet-kube " + (version == null ? "(development build)" : version)};
        }
    }
}
