package dev.jnn.backend.onednn.internal;

/**
 * A oneDNN call returned a status other than {@code dnnl_success}; the message names the function
 * and the status, e.g. {@code dnnl_convolution_forward_primitive_desc_create: dnnl_invalid_arguments}.
 */
public final class OneDnnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int status;

    OneDnnException(String function, int status, String context) {
        super(function + ": " + statusName(status) + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
        this.function = function;
        this.status = status;
    }

    /** The oneDNN C function that failed. */
    public String function() {
        return function;
    }

    /** The raw {@code dnnl_status_t} value. */
    public int status() {
        return status;
    }

    /** The name of a {@code dnnl_status_t} value, as in {@code dnnl_common_types.h}. */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "dnnl_success";
            case 1 -> "dnnl_out_of_memory";
            case 2 -> "dnnl_invalid_arguments";
            case 3 -> "dnnl_unimplemented";
            case 4 -> "dnnl_last_impl_reached";
            case 5 -> "dnnl_runtime_error";
            case 6 -> "dnnl_not_required";
            case 7 -> "dnnl_invalid_graph";
            case 8 -> "dnnl_invalid_graph_op";
            case 9 -> "dnnl_invalid_shape";
            case 10 -> "dnnl_invalid_data_type";
            default -> "dnnl status " + status;
        };
    }

    /** Throws unless {@code status} is {@code dnnl_success}. */
    static void check(String function, int status) {
        if (status != 0) throw new OneDnnException(function, status, null);
    }

    /** Throws unless {@code status} is {@code dnnl_success}, adding what was being done (shapes). */
    static void check(String function, int status, Object context) {
        if (status != 0) throw new OneDnnException(function, status, String.valueOf(context));
    }
}
