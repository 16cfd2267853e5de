package dev.jnn.nn;

import java.util.List;

/** Weights that do not fit a model: every missing, unexpected or differently shaped entry, in one message. */
public final class StateDictMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    StateDictMismatchException(String what, String model, List<String> problems) {
        super(what + " do not fit " + model + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; load weights saved from the same architecture): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each mismatch, one line per entry. */
    public List<String> problems() {
        return problems;
    }
}
