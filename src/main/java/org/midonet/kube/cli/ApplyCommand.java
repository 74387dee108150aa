package org.midonet.kube.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.TranslationWork;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Translates manifests and makes MidoNet hold the result, once, without a cluster. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translate Kubernetes manifests and create or update their MidoNet objects.",
            "Objects already in MidoNet as wanted are adopted without a write; nothing is deleted.",
            "Try it against the emulator: midonet-kube sim, then apply --midonet-api http://127.0.0.1:8181/midonet-api."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every Translation applied", "1:malformed input, or some Translations not applied",
            "2:bad command line", "3:the rules do not compile"})
public final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TranslationOptions translation;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "A file, a directory (read recursively) or - for standard input; repeatable.")
    List<String> paths;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
            description = "Translations applied at once. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Mixin
    MidonetOptions midonet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<TranslationOptions.Translated<List<TranslationWork>>> translated = translation.translate(paths, err,
                engine -> engine.translations().entrySet().stream()
                        .map(e -> new TranslationWork(e.getKey().toString(), List.of(), e.getValue())).toList());
        if (translated.isEmpty()) {
            return TranslateCommand.RULES_DO_NOT_COMPILE;
        }
        List<TranslationWork> work = new ArrayList<>(translated.get().value());
        work.sort(Comparator.comparing((TranslationWork w) -> !w.name().startsWith("kube-system/midonet-global.")));
        long start = System.nanoTime();
        BatchApplier.Outcome outcome;
        try (MidonetClient client = new MidonetClient(midonet.config(), new SimpleMeterRegistry())) {
            try {
                client.hosts(); // logs in: a wrong password or an unreachable API fails here, once
            } catch (MidonetException e) {
                err.println("error: cannot use the MidoNet API at " + midonet.api + ": " + e.getMessage());
                return 1;
            }
            ChangeSetApplier applier = new ChangeSetApplier(client, new ClaimRegistry(), Backoff.defaults());
            outcome = new BatchApplier(applier, parallelism, Backoff.defaults()).apply(work);
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        outcome.failed().values().forEach(f -> err.println("error: " + f.getMessage()));
        var r = outcome.result();
        out.printf("%d Translations applied to %s in %d ms: %d objects created, %d updated, %d deleted, %d already there%n",
                work.size() - outcome.failed().size(), midonet.api, millis, r.created(), r.updated(), r.deleted(), r.adopted());
        if (!outcome.failed().isEmpty()) {
            out.printf("%d Translations not applied (see the errors above)%n", outcome.failed().size());
        }
        return translated.get().malformed() || !outcome.complete() ? 1 : 0;
    }
}
