package org.midonet.kube.translate;

import java.util.List;
import java.util.stream.Collectors;

/** DRL that does not compile, with every error as "file:line: message". */
public class RuleCompilationException extends RuntimeException {

    /** One compile error; line is the line of the rule for errors in a rule's consequence. */
    public record Error(String file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    private final List<Error> errors;

    public RuleCompilationException(List<Error> errors) {
        super(errors.stream().map(Error::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Error> errors() {
        return errors;
    }
}
