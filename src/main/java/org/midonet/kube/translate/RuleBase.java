package org.midonet.kube.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.conf.EventProcessingOption;

/** Compiles DRL files into a Drools KieBase at run time (no kmodule.xml, no Maven plugin). */
public final class RuleBase {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);
    private static final AtomicInteger BUILDS = new AtomicInteger();

    private RuleBase() {
    }

    public static KieBase builtIn() {
        return compile(RuleSource.builtIn());
    }

    /** Compiles the files; throws RuleCompilationException listing every error by file and line. */
    public static KieBase compile(List<RuleSource> sources) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem files = ks.newKieFileSystem();
        KieModuleModel module = ks.newKieModuleModel();
        module.newKieBaseModel("translation").setDefault(true)
                .setEventProcessingMode(EventProcessingOption.CLOUD).addPackage("*")
                .newKieSessionModel("translation-session").setDefault(true);
        files.writeKModuleXML(module.toXML());
        ReleaseId release = ks.newReleaseId("org.midonet.kube", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        files.generateAndWritePomXML(release);
        Map<String, String> fileByPath = new HashMap<>();
        int i = 0;
        for (RuleSource source : sources) {
            Matcher pkg = PACKAGE.matcher(source.text());
            String folder = pkg.find() ? pkg.group(1).replace('.', '/') : "rules";
            String path = folder + "/" + (i++) + "_" + source.name().replaceAll("[^A-Za-z0-9_.-]", "_");
            fileByPath.put(path, source.name());
            files.write("src/main/resources/" + path, source.text());
        }
        KieBuilder builder = ks.newKieBuilder(files).buildAll();
        List<RuleCompilationException.Error> errors = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String text = m.getText().replace('\n', ' ').trim();
            if (text.equals("Parser returned a null Package")) {
                continue; // noise that follows a parse error reported on its own
            }
            String file = m.getPath() == null ? "?" : fileByPath.getOrDefault(m.getPath(), m.getPath());
            errors.add(new RuleCompilationException.Error(file, m.getLine(), text));
        }
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors);
        }
        return ks.newKieContainer(release).getKieBase("translation");
    }
}
