/** The pure-Java SIMD backend, "vector". */
module dev.jnn.backend.vector {
    requires jdk.incubator.vector;
}
