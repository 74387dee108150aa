package org.midonet.kube.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.kie.api.KieBase;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleCompilationException;
import org.midonet.kube.translate.RuleSource;
import org.midonet.kube.translate.TranslationEngine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that shape a translation, shared by the commands that translate: tenant, cluster CIDR and rules. */
final class TranslationOptions {
    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "${env:MIDONETKUBE_TENANT:-" + Ids.DEFAULT_TENANT + "}",
            description = "The MidoNet tenant; it is part of every id. Default: ${DEFAULT-VALUE}.")
    String tenant;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "${env:MIDONETKUBE_CLUSTERCIDR:-}",
            converter = OptionalCidr.class,
            description = "The IPv4 network of all pod CIDRs: a Node's outside it is a conflict, not translated. Default: none.")
    Cidr clusterCidr;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A directory of extra .drl files; one named like a built-in file (node.drl, ...) replaces it.")
    Path rulesDirectory;

    /** An empty value (no such variable) is no cluster CIDR. */
    static final class OptionalCidr implements ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Cidr.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * What a translation of manifests gave: the value read from the engine, and whether any input was malformed
     * or lost a conflict.
     */
    record Translated<T>(T value, boolean malformed) {
    }

    /**
     * Reads the manifests, translates them and reads what is needed from the engine before it closes; every
     * problem is printed. Empty, after printing why, when the rules do not compile.
     */
    <T> Optional<Translated<T>> translate(List<String> paths, PrintWriter err, Function<TranslationEngine, T> read) {
        Optional<KieBase> rules = compile(err);
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        ManifestReader.Result input = ManifestReader.read(paths, System.in);
        input.problems().forEach(err::println);
        T value;
        ChangeSet result;
        try (TranslationEngine engine = new TranslationEngine(rules.get(), tenant, clusterCidr)) {
            result = engine.apply(input.objects());
            value = read.apply(engine);
        }
        result.problems().forEach(err::println);
        boolean malformed = !input.problems().isEmpty()
                || result.problems().stream().anyMatch(p -> p.severity() != Problem.Severity.NOTICE);
        return Optional.of(new Translated<>(value, malformed));
    }

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
