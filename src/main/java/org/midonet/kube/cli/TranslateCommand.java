package org.midonet.kube.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.midonet.kube.k8s.ManifestWriter;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationParts;
import org.midonet.kube.k8s.TranslationRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Translates manifests offline, with no cluster and no MidoNet, and prints the Translations. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translate Kubernetes manifests into MidoNet resources and print the Translation objects.",
            "Malformed objects, and objects that lose a conflict (a duplicate Pod IP or ClusterIP, an overlapping pod CIDR,",
            "...: the newer object loses), are reported on standard error and skipped; everything else is translated."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object translated",
            "1:some input or object was malformed, or lost a conflict (reported on stderr)",
            "2:bad command line", "3:the rules do not compile"})
public final class TranslateCommand implements Callable<Integer> {
    static final int MALFORMED_INPUT = 1;
    static final int RULES_DO_NOT_COMPILE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    TranslationOptions translation;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "A file, a directory (read recursively) or - for standard input; repeatable.")
    List<String> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml (one document per Translation) or json (a List). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--explain",
            description = "Annotate each Translation (midonet.org/explanation) with the rules that derived it and their sources.")
    boolean explain;

    enum OutputFormat { yaml, json }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<TranslationOptions.Translated<List<Translation>>> translated = translation.translate(paths, err,
                engine -> engine.translations().entrySet().stream().flatMap(e -> {
                    Translation t = TranslationRecords.of(e.getKey(), e.getValue());
                    return TranslationParts.split(explain ? TranslationRecords.explained(t, engine.explain(e.getKey())) : t)
                            .stream();
                }).toList());
        if (translated.isEmpty()) {
            return RULES_DO_NOT_COMPILE;
        }
        print(out, translated.get().value());
        out.flush();
        err.flush();
        return translated.get().malformed() ? MALFORMED_INPUT : 0;
    }

    private void print(PrintWriter out, List<Translation> translations) {
        out.print(output == OutputFormat.json ? ManifestWriter.json(translations) : ManifestWriter.yaml(translations));
    }
}
