package org.midonet.kube.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The contract of FactMapper, as assertions: a malformed object maps to no facts and an ERROR naming the object
 * and the field; an object that is fine but not translated to no facts and a NOTICE; an object out of scope to
 * nothing at all.
 */
final class MappedAssertions {
    private MappedAssertions() {
    }

    /** Asserts no facts and an ERROR whose text names the object ("Pod default/p1") and the field path. */
    static Problem assertRejected(HasMetadata object, String objectText, String field) {
        Mapped mapped = FactMapper.map(object);
        assertThat(mapped.facts()).as("facts of a malformed object").isEmpty();
        assertThat(mapped.hasErrors()).as("has errors: %s", mapped.problems()).isTrue();
        List<Problem> matching = mapped.problems().stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR && field.equals(p.field()))
                .toList();
        assertThat(matching).as("an error on %s among %s", field, mapped.problems()).isNotEmpty();
        Problem problem = matching.get(0);
        assertThat(problem.toString())
                .startsWith("error: " + objectText + " ")
                .contains(" " + field + ": ");
        assertThat(problem.message()).isNotBlank();
        return problem;
    }

    /** Asserts no facts, no errors, and a NOTICE on the field. */
    static Problem assertNotice(HasMetadata object, String objectText, String field) {
        Mapped mapped = FactMapper.map(object);
        assertThat(mapped.facts()).as("facts of an object not translated").isEmpty();
        assertThat(mapped.hasErrors()).as("has errors: %s", mapped.problems()).isFalse();
        assertThat(mapped.problems()).as("problems").hasSize(1);
        Problem problem = mapped.problems().get(0);
        assertThat(problem.severity()).isEqualTo(Problem.Severity.NOTICE);
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.toString()).startsWith("notice: " + objectText + " " + field + ": ");
        return problem;
    }

    /** Asserts neither facts nor problems: the object is simply out of scope. */
    static void assertIgnored(HasMetadata object) {
        Mapped mapped = FactMapper.map(object);
        assertThat(mapped.facts()).as("facts of an object out of scope").isEmpty();
        assertThat(mapped.problems()).as("problems of an object out of scope").isEmpty();
    }

    /** Asserts no problems and exactly one fact, of the given type, and returns it. */
    static <T> T assertOnlyFact(HasMetadata object, Class<T> type) {
        Mapped mapped = FactMapper.map(object);
        assertThat(mapped.problems()).as("problems").isEmpty();
        assertThat(mapped.facts()).hasSize(1);
        assertThat(mapped.facts().get(0)).isInstanceOf(type);
        return type.cast(mapped.facts().get(0));
    }

    /** A string of n characters, a valid DNS label for n up to 63 and subdomain-like beyond. */
    static String longName(int n) {
        return "a".repeat(n);
    }
}
