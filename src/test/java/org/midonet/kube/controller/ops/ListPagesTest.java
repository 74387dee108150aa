package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ConfigMapListBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A list read page by page, following the continue token, with the page size asked each time. */
class ListPagesTest {

    @Test
    void readsEveryPageUntilNoContinueTokenIsLeft() {
        List<ConfigMap> objects = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            objects.add(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().build());
        }
        List<ListOptions> asked = new ArrayList<>();

        List<ConfigMap> all = ListPages.all(options -> {
            asked.add(options);
            int from = options.getContinue() == null ? 0 : Integer.parseInt(options.getContinue());
            int to = (int) Math.min(objects.size(), from + options.getLimit());
            return page(objects.subList(from, to), to < objects.size() ? Integer.toString(to) : null);
        });

        assertThat(all).containsExactlyElementsOf(objects);
        assertThat(asked).hasSize(3).allSatisfy(o -> assertThat(o.getLimit()).isEqualTo(ListPages.PAGE_SIZE));
        assertThat(asked).extracting(ListOptions::getContinue).containsExactly(null, "500", "1000");
    }

    @Test
    void anApiServerIgnoringTheLimitIsReadInOneAnswer() {
        List<ConfigMap> objects = List.of(new ConfigMapBuilder().withNewMetadata().withName("only").endMetadata().build());
        assertThat(ListPages.all(options -> page(objects, ""))).containsExactlyElementsOf(objects);
    }

    private static ConfigMapList page(List<ConfigMap> items, String next) {
        return new ConfigMapListBuilder().withItems(items).withNewMetadata().withContinue(next).endMetadata().build();
    }
}
