package org.midonet.kube.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kie.api.KieBase;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleCompilationException;
import org.midonet.kube.translate.RuleSource;
import picocli.CommandLine.Option;

/** The options that shape a translation, shared by the commands that translate: tenant and rules. */
final class TranslationOptions {
    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "${env:MIDONETKUBE_TENANT:-" + Ids.DEFAULT_TENANT + "}",
            description = "The MidoNet tenant; it is part of every id. Default: ${DEFAULT-VALUE}.")
    String tenant;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A directory of extra .drl files; one named like a built-in file (node.drl, ...) replaces it.")
    Path rulesDirectory;

    /** The compiled rules, or empty after printing why they do not compile. */
    Optional<KieBase> compile(PrintWriter err) {
        try {
            List<RuleSource> sources = RuleSource.builtIn();
            if (rulesDirectory != null) {
                sources = RuleSource.overlay(sources, RuleSource.fromDirectory(rulesDirectory));
            }
            return Optional.of(RuleBase.compile(sources));
        } catch (RuleCompilationException e) {
            e.errors().forEach(err::println);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("error: --rules: " + e.getMessage());
        }
        return Optional.empty();
    }
}
