package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.testing.K8s;

/** One Warning Event per problem of an object, again only when it ends and comes back or the object is new. */
class ProblemEventsTest {
    private static final ObjectRef THIEF = new ObjectRef("Service", "default", "thief");
    private static final Problem CONFLICT = Problem.conflict(THIEF, "spec.clusterIP",
            "'10.96.0.10' is the ClusterIP of Service kube-system/kube-dns, which is older");
    private static final Problem ERROR = Problem.error(THIEF, "spec.ports[0].port", "0 is not a port number");

    private final Map<ObjectRef, HasMetadata> cluster = new HashMap<>();
    private final List<String> recorded = new ArrayList<>();
    private final ProblemEvents events = new ProblemEvents(cluster::get,
            (object, reason, message) -> recorded.add(object.getMetadata().getUid() + " " + reason + " " + message));

    @Test
    void aProblemReportedAgainOnTheSameObjectRecordsNothingMore() {
        cluster.put(THIEF, K8s.service("default", "thief", "10.96.0.10"));
        String uid = cluster.get(THIEF).getMetadata().getUid();

        events.reported(CONFLICT);
        events.reported(CONFLICT);
        events.reported(ERROR);

        assertThat(recorded).containsExactly(
                uid + " NetworkConflict not translated: spec.clusterIP: '10.96.0.10' is the ClusterIP of Service"
                        + " kube-system/kube-dns, which is older",
                uid + " NetworkTranslationError not translated: spec.ports[0].port: 0 is not a port number");
    }

    @Test
    void aProblemThatEndsAndComesBackOrANewObjectOfTheSameNameIsRecordedAgain() {
        cluster.put(THIEF, K8s.service("default", "thief", "10.96.0.10"));
        events.reported(CONFLICT);
        events.ended(CONFLICT);
        events.reported(CONFLICT);
        cluster.get(THIEF).getMetadata().setUid("another-uid");
        events.reported(CONFLICT);

        assertThat(recorded).hasSize(3).last().asString().startsWith("another-uid NetworkConflict");
    }

    @Test
    void noticesAndObjectsAlreadyGoneRecordNothing() {
        events.reported(CONFLICT);
        cluster.put(THIEF, K8s.service("default", "thief", "10.96.0.10"));
        events.reported(Problem.notice(THIEF, "", "keeps the translation of its last valid version"));

        assertThat(recorded).isEmpty();
    }

    @Test
    void afterARestartOnlyTheProblemsThatStillHoldStayRecorded() {
        cluster.put(THIEF, K8s.service("default", "thief", "10.96.0.10"));
        events.reported(CONFLICT);
        events.reported(ERROR);

        events.retainOnly(List.of(ERROR));
        events.reported(ERROR);
        events.reported(CONFLICT);

        assertThat(recorded).hasSize(3).last().asString().contains("NetworkConflict");
    }
}
