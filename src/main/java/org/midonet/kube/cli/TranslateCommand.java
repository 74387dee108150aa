package org.midonet.kube.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kie.api.KieBase;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.ManifestWriter;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Translates manifests offline, with no cluster and no MidoNet, and prints the Translations. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translate Kubernetes manifests into MidoNet resources and print the Translation objects.",
            "Malformed objects are reported on standard error and skipped; everything else is translated."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object translated", "1:some input or object was malformed (reported on stderr)",
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
        Optional<KieBase> compiled = translation.compile(err);
        if (compiled.isEmpty()) {
            return TranslateCommand.RULES_DO_NOT_COMPILE;
        }
        KieBase rules = compiled.get();
        ManifestReader.Result input = ManifestReader.read(paths, System.in);
        input.problems().forEach(err::println);
        List<Translation> translations;
        ChangeSet result;
        try (TranslationEngine engine = new TranslationEngine(rules, translation.tenant)) {
            result = engine.apply(input.objects());
            translations = engine.translations().entrySet().stream().map(e -> {
                Translation t = TranslationRecords.of(e.getKey(), e.getValue());
                return explain ? TranslationRecords.explained(t, engine.explain(e.getKey())) : t;
            }).toList();
        }
        result.problems().forEach(err::println);
        print(out, translations);
        out.flush();
        err.flush();
        boolean malformed = !input.problems().isEmpty()
                || result.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
        return malformed ? MALFORMED_INPUT : 0;
    }

    private void print(PrintWriter out, List<Translation> translations) {
        out.print(output == OutputFormat.json ? ManifestWriter.json(translations) : ManifestWriter.yaml(translations));
    }
}
