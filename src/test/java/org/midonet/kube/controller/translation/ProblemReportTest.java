package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.testing.K8s;

/** How conflicts are reported: once when they appear, forgotten when they end, apart from the batch's problems. */
class ProblemReportTest {
    private static final ObjectRef THIEF = new ObjectRef("Service", "default", "thief");
    private static final Problem CONFLICT = Problem.conflict(THIEF, "spec.clusterIP",
            "'10.96.0.10' is the ClusterIP of Service kube-system/kube-dns, which is older");

    private final List<Problem> counted = new ArrayList<>();
    private final ProblemReport report = new ProblemReport(counted::add);

    @Test
    void aConflictIsCountedOnceWhileItLastsAndAgainWhenItComesBack() {
        report.conflicts(List.of(CONFLICT));
        report.conflicts(List.of(CONFLICT));
        assertThat(counted).containsExactly(CONFLICT);
        assertThat(report.current()).containsExactly(CONFLICT);

        report.conflicts(List.of());
        assertThat(report.current()).isEmpty();

        report.conflicts(List.of(CONFLICT));
        assertThat(counted).containsExactly(CONFLICT, CONFLICT);
    }

    @Test
    void aBatchNeitherReportsNorClearsConflicts() {
        report.conflicts(List.of(CONFLICT));

        report.batch(List.of(THIEF), List.of(CONFLICT));

        assertThat(counted).containsExactly(CONFLICT);
        assertThat(report.current()).containsExactly(CONFLICT);
    }

    @Test
    void problemsThatEndInABatchOrAsConflictsAreRecordedAgainWhenTheyComeBack() {
        List<String> recorded = new ArrayList<>();
        ProblemEvents events = new ProblemEvents(ref -> K8s.service("default", "thief", "10.96.0.10"),
                (object, reason, message) -> recorded.add(reason));
        ProblemReport withEvents = new ProblemReport(counted::add, events);
        Problem error = Problem.error(THIEF, "spec.ports[0].port", "0 is not a port number");

        withEvents.batch(List.of(THIEF), List.of(error));
        withEvents.batch(List.of(THIEF), List.of(error));
        withEvents.conflicts(List.of(CONFLICT));
        withEvents.batch(List.of(THIEF), List.of());
        withEvents.conflicts(List.of());
        withEvents.batch(List.of(THIEF), List.of(error));
        withEvents.conflicts(List.of(CONFLICT));

        assertThat(recorded)
                .containsExactly(ProblemEvents.ERROR, ProblemEvents.CONFLICT, ProblemEvents.ERROR, ProblemEvents.CONFLICT);
    }
}
