package org.midonet.kube.controller.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lists of Kubernetes objects read in pages, as client-go's reflector reads them: one answer of tens of
 * thousands of objects (21,503 Translations at 10,000 Services, about 30 MB) can outlast the client's request
 * timeout on a busy API server, a page of {@value #PAGE_SIZE} cannot. An API server that ignores the limit
 * answers everything at once, which is read as one page.
 */
public final class ListPages {
    /** Objects per page: client-go's default. */
    public static final long PAGE_SIZE = 500;

    private ListPages() {
    }

    /** Every object, page after page; {@code list} lists one page with the options given. */
    public static <T extends HasMetadata> List<T> all(Function<ListOptions, ? extends KubernetesResourceList<T>> list) {
        List<T> all = new ArrayList<>();
        String next = null;
        do {
            KubernetesResourceList<T> page = list.apply(new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(next).build());
            all.addAll(page.getItems());
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return all;
    }
}
