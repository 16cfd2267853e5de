package dev.jnn.backend.onednn;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Backends;
import dev.jnn.core.Tensor;

/**
 * Run in a child JVM by {@link NativeAccessWarningTest}: a program that uses the vector backend, as a
 * library user's would, with onednn on its module path; then asks for onednn.
 */
public final class VectorProgramMain {
    private VectorProgramMain() {
    }

    public static void main(String[] args) {
        try (BackendScope cpu = BackendScope.open("vector")) {
            Tensor x = Tensor.arange(6).reshape(2, 3);
            System.out.println("vector: sum of x @ x^T = " + x.matmul(x.transpose(0, 1)).sum().item());
        }
        for (Backends.Entry e : Backends.load().entries()) System.out.println(e.name() + " -> " + e.availability());
        try (BackendScope dnnl = BackendScope.open("onednn")) {
            System.out.println("onednn: created " + dnnl.backend().description());
        } catch (RuntimeException e) {
            System.out.println("onednn refused: " + e.getMessage());
        }
    }
}
