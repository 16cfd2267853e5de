package dev.jnn.backend.cuda;

import dev.jnn.core.Backends;
import dev.jnn.core.spi.Availability;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables a whole test class, with the cuda probe's reasons as the message, where no GPU is usable.
 * Needed for classes that open the backend in {@code @BeforeAll} (the conformance kit): an
 * assumption failing there still runs {@code @AfterAll} on a backend that was never made.
 */
final class RequiresGpu implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Availability a = Backends.load().entries().stream().filter(e -> e.name().equals("cuda")).findFirst()
                .map(Backends.Entry::availability).orElse(Availability.unavailable("no cuda provider found"));
        return a.available() ? ConditionEvaluationResult.enabled(a.toString())
                : ConditionEvaluationResult.disabled(a.toString());
    }
}
