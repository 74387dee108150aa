package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.controller.pusher.PusherMetrics.State;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.model.Chain;

class PushStatesTest {
    private final ClaimRegistry claims = new ClaimRegistry();
    private final TranslationStates conditions = new TranslationStates();
    private final PushStates states = new PushStates(claims, conditions);
    private final Map<String, Translation> cache = new HashMap<>();

    private final Chain moving = new Chain(UUID.randomUUID(), "moving", "t");

    @Test
    void aChangeNotedByTheInformerIsClaimedOnlyWhenTheClaimsCatchUp() {
        cache.put("ns/a", translation("a", moving));
        states.hold("ns/a", cache.get("ns/a"));
        cache.put("ns/b", translation("b", moving)); // the object moves from a to b
        cache.put("ns/a", translation("a"));
        states.changed("ns/a");
        states.changed("ns/b");
        assertThat(claims.claimedByOther(Identity.of(moving), "ns/a")).as("nothing done on the informer's thread").isFalse();

        states.catchUp(cache::get);

        assertThat(claims.claimedByOther(Identity.of(moving), "ns/a")).as("a deletes nothing b holds").isTrue();
        states.catchUp(cache::get); // nothing changed since: nothing to do
        assertThat(claims.claimedBy(Identity.of(moving))).isTrue();
    }

    @Test
    void theChainsOfATranslationBeingDeletedAreKnownToTheOthers() {
        Translation going = translation("svc", moving);
        going.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z");
        cache.put("ns/svc", going);
        states.changed("ns/svc");
        states.catchUp(cache::get);

        assertThat(states.chainsGoingExcept("ns/other")).containsExactly(moving.id());
        assertThat(states.chainsGoingExcept("ns/svc")).isEmpty();
    }

    @Test
    void forgettingATranslationDropsItsStateClaimsChainsAndCondition() {
        cache.put("ns/a", translation("a", moving));
        states.hold("ns/a", cache.get("ns/a"));
        states.stateOf("ns/a").failures = 3;
        states.condition("ns/a", State.FAILED);

        states.forget("ns/a");

        assertThat(states.get("ns/a")).isNull();
        assertThat(claims.claimedBy(Identity.of(moving))).isFalse();
        assertThat(conditions.count(State.FAILED)).isZero();
        assertThat(states.stateOf("ns/a").failures).as("a new state on next sight").isZero();
    }

    @Test
    void theQueueSaysWhenAKeyWasFirstAddedSinceItWasLastTakenAndRetriesGoThroughIt() throws Exception {
        try (PusherQueue queue = new PusherQueue("test")) {
            queue.open();
            long before = System.nanoTime();
            queue.add("k", 1);
            long firstAdded = System.nanoTime();
            Thread.sleep(20);
            queue.add("k", 1);
            PusherQueue.Taken taken = queue.takeWithTime();
            assertThat(taken.key()).isEqualTo("k");
            assertThat(taken.addedAt()).as("the first add, not the second").isBetween(before, firstAdded);

            long during = System.nanoTime();
            queue.add("k", 1); // changed while being reconciled
            queue.done("k");
            assertThat(queue.takeWithTime().addedAt()).isGreaterThanOrEqualTo(during);
            queue.done("k");

            queue.addAfter("k", 1, Duration.ofMillis(30));
            assertThat(queue.depth()).isEqualTo(1);
            assertThat(queue.takeWithTime().key()).isEqualTo("k");
        }
    }

    private static Translation translation(String name, Chain... chains) {
        Translation tr = new Translation();
        tr.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).build());
        tr.setResources(List.of(chains).stream().map(BackendResource::of).toList());
        return tr;
    }
}
