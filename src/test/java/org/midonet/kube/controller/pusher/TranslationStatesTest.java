package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.midonet.kube.controller.pusher.PusherMetrics.State;

class TranslationStatesTest {

    @Test
    void countsFollowEachTranslationsLatestState() {
        TranslationStates states = new TranslationStates();
        states.put("a", State.PENDING);
        states.put("b", State.PENDING);
        states.put("a", State.PUSHED);
        states.put("a", State.PUSHED);
        states.put("b", State.FAILED);
        states.put("c", State.PENDING);
        states.remove("c");
        states.remove("never-seen");

        assertThat(states.count(State.PUSHED)).isEqualTo(1);
        assertThat(states.count(State.FAILED)).isEqualTo(1);
        assertThat(states.count(State.PENDING)).isZero();
    }
}
