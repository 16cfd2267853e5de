package dev.jnn.core.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a default kernel that composes the backend's other kernels (a GEMM, then its own bias add
 * and ReLU) rather than running a reference kernel, so that listings of what falls back to the
 * reference ({@code jnn backends --ops}) do not count it: it runs as fast as the kernels it calls.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComposedDefault {
}
